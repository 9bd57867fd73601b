/**
 * Where synthetic customers are. Country weights give a few big markets
 * (USA, Germany, France, Brazil, UK) and a long tail of small ones, like the
 * extract's 21 countries. Postal codes follow each country's pattern and stay
 * text: `#` is a digit, `@` a capital letter, anything else is literal, so
 * Mexico's `050##` keeps its leading zero and Ireland has none at all.
 */

import type { LanguageCode } from "./names.js";

interface Place {
  city: string;
  postal: string;
  /** Overrides the country's language (Montréal is French, Antwerpen Dutch). */
  language?: LanguageCode;
}

export interface Country {
  name: string;
  /** Relative number of customers. */
  weight: number;
  language: LanguageCode;
  places: readonly Place[];
}

const place = (city: string, postal: string, language?: LanguageCode): Place => ({ city, postal, language });

export const COUNTRIES: readonly Country[] = [
  {
    name: "USA",
    weight: 14,
    language: "en",
    places: [
      place("Seattle", "981##"),
      place("Portland", "972##"),
      place("San Francisco", "941##"),
      place("Boston", "021##"),
      place("New York", "100##"),
      place("Chicago", "606##"),
      place("Austin", "787##"),
      place("Denver", "802##"),
      place("Anchorage", "995##"),
      place("Boise", "837##"),
      place("Albuquerque", "871##"),
      place("Eugene", "974##"),
      place("Kirkland", "980##"),
      place("Walla Walla", "9936#"),
    ],
  },
  {
    name: "Germany",
    weight: 12,
    language: "de",
    places: [
      place("Berlin", "1####"),
      place("München", "80###"),
      place("Köln", "50###"),
      place("Hamburg", "2####"),
      place("Frankfurt a.M.", "60###"),
      place("Leipzig", "04###"),
      place("Dresden", "01###"),
      place("Stuttgart", "70###"),
      place("Münster", "48###"),
      place("Aachen", "52###"),
      place("Mannheim", "68###"),
      place("Düsseldorf", "40###"),
    ],
  },
  {
    name: "France",
    weight: 9,
    language: "fr",
    places: [
      place("Paris", "750##"),
      place("Lyon", "6900#"),
      place("Marseille", "130##"),
      place("Nantes", "44000"),
      place("Lille", "59000"),
      place("Strasbourg", "67000"),
      place("Toulouse", "31000"),
      place("Reims", "51100"),
      place("Versailles", "78000"),
      place("Bordeaux", "330##"),
      place("Nice", "06###"),
    ],
  },
  {
    name: "Brazil",
    weight: 8,
    language: "pt",
    places: [
      place("São Paulo", "05###-###"),
      place("Rio de Janeiro", "2####-###"),
      place("Campinas", "13###-###"),
      place("Resende", "27###-###"),
      place("Belo Horizonte", "30###-###"),
      place("Curitiba", "8####-###"),
      place("Porto Alegre", "9####-###"),
    ],
  },
  {
    name: "UK",
    weight: 7,
    language: "en",
    places: [
      place("London", "EC# #@@"),
      place("London", "SW# #@@"),
      place("London", "WC# #@@"),
      place("Manchester", "M## #@@"),
      place("Birmingham", "B## #@@"),
      place("Bristol", "BS# #@@"),
      place("Leeds", "LS# #@@"),
      place("Edinburgh", "EH# #@@"),
      place("Oxford", "OX# #@@"),
      place("Cowes", "PO3# #@@"),
    ],
  },
  {
    name: "Spain",
    weight: 5,
    language: "es",
    places: [
      place("Madrid", "280##"),
      place("Barcelona", "080##"),
      place("Sevilla", "410##"),
      place("Valencia", "460##"),
      place("Bilbao", "480##"),
      place("Oviedo", "330##"),
    ],
  },
  {
    name: "Mexico",
    weight: 5,
    language: "es",
    places: [
      place("México D.F.", "050##"),
      place("Guadalajara", "44###"),
      place("Monterrey", "64###"),
      place("Puebla", "72###"),
    ],
  },
  {
    name: "Canada",
    weight: 4,
    language: "en",
    places: [
      place("Vancouver", "V#@ #@#"),
      place("Tsawassen", "T#@ #@#"),
      place("Toronto", "M#@ #@#"),
      place("Montréal", "H#@ #@#", "fr"),
      place("Québec", "G#@ #@#", "fr"),
    ],
  },
  {
    name: "Italy",
    weight: 4,
    language: "it",
    places: [
      place("Torino", "101##"),
      place("Bergamo", "241##"),
      place("Reggio Emilia", "421##"),
      place("Milano", "201##"),
      place("Roma", "001##"),
      place("Napoli", "801##"),
      place("Bologna", "401##"),
    ],
  },
  {
    name: "Venezuela",
    weight: 3,
    language: "es",
    places: [
      place("Caracas", "10##"),
      place("San Cristóbal", "50##"),
      place("Barquisimeto", "30##"),
      place("I. de Margarita", "49##"),
      place("Maracaibo", "40##"),
    ],
  },
  {
    name: "Argentina",
    weight: 2.5,
    language: "es",
    places: [place("Buenos Aires", "1###"), place("Córdoba", "5000"), place("Rosario", "2000")],
  },
  {
    name: "Austria",
    weight: 2.5,
    language: "de",
    places: [
      place("Graz", "80##"),
      place("Salzburg", "50##"),
      place("Wien", "1###"),
      place("Innsbruck", "60##"),
      place("Linz", "40##"),
    ],
  },
  {
    name: "Sweden",
    weight: 2,
    language: "sv",
    places: [
      place("Luleå", "S-9## ##"),
      place("Bräcke", "S-8## ##"),
      place("Stockholm", "S-1## ##"),
      place("Göteborg", "S-4## ##"),
      place("Malmö", "S-2## ##"),
      place("Uppsala", "S-75# ##"),
    ],
  },
  {
    name: "Belgium",
    weight: 2,
    language: "fr",
    places: [
      place("Bruxelles", "B-1###"),
      place("Charleroi", "B-6###"),
      place("Liège", "B-4###"),
      place("Antwerpen", "B-2###", "nl"),
      place("Gent", "B-9###", "nl"),
    ],
  },
  {
    name: "Switzerland",
    weight: 2,
    language: "de",
    places: [
      place("Bern", "30##"),
      place("Zürich", "80##"),
      place("Basel", "40##"),
      place("Genève", "12##", "fr"),
      place("Lausanne", "10##", "fr"),
    ],
  },
  {
    name: "Netherlands",
    weight: 1.5,
    language: "nl",
    places: [
      place("Amsterdam", "10## @@"),
      place("Rotterdam", "30## @@"),
      place("Utrecht", "35## @@"),
      place("Zaandam", "15## @@"),
    ],
  },
  {
    name: "Portugal",
    weight: 1.2,
    language: "pt",
    places: [place("Lisboa", "1###"), place("Porto", "4###"), place("Coimbra", "3###")],
  },
  {
    name: "Denmark",
    weight: 1,
    language: "da",
    places: [place("København", "1###"), place("Århus", "8###"), place("Odense", "5###")],
  },
  {
    name: "Finland",
    weight: 1,
    language: "fi",
    places: [place("Helsinki", "00###"), place("Oulu", "90###"), place("Tampere", "33###"), place("Turku", "20###")],
  },
  {
    // No postcodes in Ireland until 2015: the extract's Cork customer has none.
    name: "Ireland",
    weight: 0.8,
    language: "en",
    places: [place("Cork", ""), place("Dublin", ""), place("Galway", "")],
  },
  {
    name: "Norway",
    weight: 0.6,
    language: "no",
    places: [place("Oslo", "0###"), place("Stavern", "4###"), place("Bergen", "5###")],
  },
  {
    name: "Poland",
    weight: 0.5,
    language: "pl",
    places: [
      place("Warszawa", "0#-###"),
      place("Kraków", "3#-###"),
      place("Poznan", "6#-###"),
      place("Gdynia", "81-###"),
    ],
  },
];
