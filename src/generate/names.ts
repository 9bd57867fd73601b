/**
 * Synthetic customers' names and addresses, in the language of their city, so
 * that a German grocer lives at `Lindenstraße 12` and a French one at
 * `24, rue Kléber`. Names keep the extract's accents (cp1252 must round-trip
 * them) and, like the extract, some contain commas or quotes that CSV must
 * quote. Every character here is in cp1252: Polish names without ł, ń or ą.
 */

import { COUNTRIES } from "./places.js";
import { cumulative, type Random } from "./random.js";

export type LanguageCode = "en" | "de" | "fr" | "es" | "pt" | "it" | "sv" | "da" | "no" | "fi" | "pl" | "nl";

interface Language {
  first: readonly string[];
  last: readonly string[];
  streets: readonly string[];
  /** `{S}` street, `{n}` house number, `{N}` five-digit number. */
  addresses: readonly string[];
  /** `{L}` family name, `{F}` first name, `{C}` city. */
  companies: readonly string[];
}

const LANGUAGES: Record<LanguageCode, Language> = {
  en: {
    first: ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Susan", "Karen", "Thomas", "Helen", "Paul", "Laura", "Daniel", "Nancy", "Mark", "Emily", "Andrew"],
    last: ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Thomas", "Moore", "Martin", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "O'Brien", "Baker", "Carter", "Nelson"],
    streets: ["Oak", "Maple", "Cedar", "Pine", "Elm", "Hill", "Lake", "Park", "Washington", "Lincoln", "King George", "Baker", "Milton", "Jefferson", "Harbor", "Grizzly Peak"],
    addresses: ["{n} {S} St.", "{n} {S} Ave.", "{n} {S} Rd.", "{n} {S} Blvd.", "P.O. Box {N}", "{n} {S} Way Suite {n}"],
    companies: ["{L} Markets", "{L}'s Grocery", "{L} & Sons", "{C} Food Market", "{L} Provisions, Inc.", "The {L} Deli", "{L}-{L} Trading", "{L} Wine Cellars", "{C} Gourmet"],
  },
  de: {
    first: ["Hans", "Peter", "Klaus", "Jürgen", "Stefan", "Andreas", "Sabine", "Ursula", "Monika", "Petra", "Renate", "Karin", "Helga", "Wolfgang", "Günter", "Birgit", "Jörg", "Maria", "Anna", "Lukas"],
    last: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann"],
    streets: ["Haupt", "Bahnhof", "Schul", "Garten", "Berg", "Linden", "Kirch", "Wald", "Mühlen", "Rosen", "Tal", "Markt", "Goethe", "Schiller", "Königs", "Brücken"],
    addresses: ["{S}straße {n}", "{S}str. {n}", "{S}weg {n}", "{S}allee {n}"],
    companies: ["{L} Feinkost", "{L}s Delikatessen", "Lebensmittel {L} GmbH", "{L} & {L} KG", "Käsehaus {L}", "Getränke {L}", "Bäckerei {L}", "{L} Gesundkost"],
  },
  fr: {
    first: ["Jean", "Marie", "Pierre", "Michel", "Françoise", "Philippe", "Nathalie", "Isabelle", "Frédéric", "Hélène", "Sylvie", "Laurent", "Céline", "Stéphane", "Aurélie", "Jérôme", "Chantal", "Gérard", "Élodie", "René"],
    last: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Fournier", "Girard", "Bonnet", "Mercier", "Lambert", "Rousseau", "Faure", "Fontaine", "Chevalier"],
    streets: ["de la République", "Victor Hugo", "des Lilas", "du Commerce", "Pasteur", "de l'Église", "Saint-Michel", "des Écoles", "Jean Jaurès", "Kléber"],
    addresses: ["{n}, rue {S}", "{n}, avenue {S}", "{n}, boulevard {S}", "{n} place {S}"],
    companies: ["Épicerie {L}", "{L} et fils", "Maison {L}", "Les Délices de {C}", "Fromagerie {L}", "Caves {L}", "{L} Frères", "Saveurs de {C}", "Boulangerie {L}"],
  },
  es: {
    first: ["José", "María", "Juan", "Carmen", "Antonio", "Ana", "Manuel", "Isabel", "Francisco", "Lucía", "Javier", "Elena", "Miguel", "Pilar", "Alejandro", "Sofía", "Diego", "Rosa", "Carlos", "Martín"],
    last: ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Díaz", "Hernández", "Álvarez", "Moreno", "Muñoz", "Romero", "Navarro", "Torres", "Ruiz", "Ramírez", "Castillo", "Vargas", "Ortega"],
    streets: ["Mayor", "del Sol", "de la Paz", "Real", "San Martín", "Bolívar", "de los Reyes", "Independencia", "Libertador", "del Carmen"],
    addresses: ["C/ {S}, {n}", "Avda. {S} {n}", "Calle {S} {n}", "Paseo {S}, {n}", "Carrera {n} con Ave. {S}"],
    companies: ["Comidas {L}", "Supermercado {L}", "{L} y Cía.", "Hermanos {L}", "Ultramarinos {L}", "Bodega {L}", "La Tienda de {F}", "Delicias de {C}", "Almacén {L} S.A.", 'Bar "{L}"'],
  },
  pt: {
    first: ["João", "Maria", "José", "Ana", "Pedro", "Paulo", "Lúcia", "Fernanda", "António", "Luís", "Beatriz", "Tiago", "Joana", "Sérgio", "Patrícia", "Rafael", "Isabel", "Márcio", "Cláudia", "André"],
    last: ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida", "Nascimento", "Lima", "Araújo", "Fernandes", "Carvalho", "Gomes", "Martins", "Rocha", "Ribeiro", "Alves", "Monteiro", "Mendes", "Barbosa", "Conceição"],
    streets: ["das Flores", "do Comércio", "Brasil", "da Liberdade", "São João", "dos Lusíadas", "Paulista", "do Mercado", "da Saúde", "Sete de Setembro"],
    addresses: ["Rua {S}, {n}", "Av. {S}, {n}", "Alameda {S}, {n}", "Travessa {S} {n}"],
    companies: ["Mercado {L}", "{L} Importadora Ltda.", "Empório {L}", "Casa {L}", "Armazém {L}", "{L} & Filhos", "Delícias de {C}", "Padaria {L}"],
  },
  it: {
    first: ["Giuseppe", "Maria", "Giovanni", "Anna", "Francesco", "Giulia", "Antonio", "Francesca", "Marco", "Chiara", "Paolo", "Elena", "Luca", "Sara", "Roberto", "Paola", "Andrea", "Lucia", "Stefano", "Giorgio"],
    last: ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Fontana", "Santoro"],
    streets: ["Roma", "Garibaldi", "Mazzini", "Dante", "Verdi", "dei Mille", "Cavour", "XX Settembre", "Monte Bianco", "Ludovico il Moro"],
    addresses: ["Via {S} {n}", "Viale {S}, {n}", "Corso {S} {n}", "Piazza {S} {n}"],
    companies: ["Alimentari {L}", "{L} S.p.A.", "Salumeria {L}", "Enoteca {L}", "Fratelli {L}", "{L} & Figli s.r.l.", "Gastronomia {L}", "Caseificio {L}"],
  },
  sv: {
    first: ["Lars", "Anna", "Erik", "Karin", "Per", "Maria", "Johan", "Eva", "Anders", "Kristina", "Björn", "Åsa", "Mikael", "Ingrid", "Nils", "Sofia", "Göran", "Birgitta"],
    last: ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Lindberg", "Berglund", "Lindqvist", "Sjöberg", "Åkesson", "Björk"],
    streets: ["Kungs", "Drottning", "Stor", "Berguvs", "Åker", "Skol", "Kyrk", "Sjö", "Björk", "Ekhags"],
    addresses: ["{S}gatan {n}", "{S}vägen {n}", "{S}torget {n}"],
    companies: ["{L}s Livs", "{L} Handel AB", "{L}s Delikatesser", "{C} Saluhall", "{L} & Co HB", "Matbutiken {L}", "{L}s snabbköp"],
  },
  da: {
    first: ["Jens", "Mette", "Søren", "Hanne", "Niels", "Kirsten", "Lars", "Anne", "Jørgen", "Lone", "Mads", "Birgitte", "Henrik", "Pia", "Rasmus", "Jytte"],
    last: ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Møller"],
    streets: ["Nørre", "Vester", "Øster", "Strand", "Skov", "Kirke", "Vinbælt", "Smagsløg", "Havne", "Mølle"],
    addresses: ["{S}gade {n}", "{S}vej {n}", "{S}allé {n}"],
    companies: ["{L}s Købmandshandel", "{L} Delikatesser", "{L} & Søn", "{C} Vinhandel", "Smørrebrød {L}", "{L}s Ost"],
  },
  no: {
    first: ["Ole", "Kari", "Lars", "Ingrid", "Knut", "Astrid", "Bjørn", "Solveig", "Jonas", "Marit", "Erling", "Sigrid"],
    last: ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Berg", "Haugen", "Bakken", "Dahl", "Lie", "Solberg", "Bergulfsen", "Vileid", "Strand"],
    streets: ["Kongens gate", "Karl Johans gate", "Erling Skakkes gate", "Storgata", "Fjordveien", "Skoleveien", "Kirkeveien", "Hatlevegen"],
    addresses: ["{S} {n}"],
    companies: ["{L} Mat AS", "{L}s Kolonial", "{C} Delikatesse", "{L} & Sønn", "Fiskebutikken {L}"],
  },
  fi: {
    first: ["Matti", "Pirkko", "Juha", "Anne", "Timo", "Päivi", "Kari", "Tuula", "Jukka", "Leena", "Mikko", "Sari", "Heikki", "Riitta"],
    last: ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Koskitalo", "Karttunen", "Heikkonen"],
    streets: ["Keskus", "Tori", "Rauta", "Kauppa", "Kirkko", "Koulu", "Mänty", "Järvi"],
    addresses: ["{S}katu {n}", "{S}tie {n}"],
    companies: ["{L} Oy", "Herkku-{L}", "{L} Ky", "Kala-{L}", "Ruoka {L} Oy"],
  },
  pl: {
    first: ["Piotr", "Anna", "Krzysztof", "Maria", "Andrzej", "Katarzyna", "Tomasz", "Agnieszka", "Marek", "Ewa", "Jan", "Barbara"],
    last: ["Nowak", "Kowalski", "Wójcik", "Kowalczyk", "Lewandowski", "Mazur", "Krawczyk", "Kaczmarek", "Pawlak", "Michalski", "Król", "Wieczorek", "Majewski", "Olszewski", "Dudek", "Nowicki", "Wolski"],
    streets: ["Filtrowa", "Mokotowska", "Polna", "Kwiatowa", "Ogrodowa", "Lipowa", "Krótka", "Szkolna", "Zielona"],
    addresses: ["ul. {S} {n}", "al. {S} {n}"],
    companies: ["Delikatesy {L}", "{L} Sp. z o.o.", "Hurtownia {L}", "Sklep {L}", "{L} i Syn"],
  },
  nl: {
    first: ["Jan", "Maria", "Pieter", "Anna", "Hendrik", "Johanna", "Dirk", "Elisabeth", "Willem", "Cornelia", "Joost", "Sanne", "Bram", "Femke"],
    last: ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Luchte", "Vos", "Peters"],
    streets: ["Kerk", "Dorps", "Molen", "School", "Rijn", "Haven", "Stations", "Nieuwe"],
    addresses: ["{S}straat {n}", "{S}weg {n}", "{S}laan {n}"],
    companies: ["{L} Delicatessen", "Kaashandel {L}", "{L} & Zonen", "Slijterij {L}", "{L} B.V.", "Toko {L}"],
  },
};

/** One row of Customers.csv after CustomerID, in the file's column order. */
export type CustomerFields = [name: string, contact: string, address: string, city: string, postalCode: string, country: string];

const COUNTRY_TABLE = cumulative(COUNTRIES.map((c) => c.weight));

/** A synthetic customer: country by market size, then a city, then names in the city's language. */
export function customerFields(rng: Random): CustomerFields {
  const country = COUNTRIES[rng.choose(COUNTRY_TABLE)];
  const place = rng.pick(country.places);
  const language = LANGUAGES[place.language ?? country.language];
  const contact = personName(rng, language);
  const fill = (template: string) =>
    template.replace(/\{([LFCSnN])\}/g, (_, slot: string) => {
      switch (slot) {
        case "L":
          return rng.pick(language.last);
        case "F":
          return rng.pick(language.first);
        case "C":
          return place.city;
        case "S":
          return rng.pick(language.streets);
        case "n":
          return String(1 + rng.int(300));
        default:
          return String(10000 + rng.int(90000));
      }
    });
  const name = fill(rng.pick(language.companies));
  const address = fill(rng.pick(language.addresses));
  return [name, contact, address, place.city, postalCode(rng, place.postal), country.name];
}

/** [LastName, FirstName] for sales staff hired beyond the extract's ten. */
export function staffName(rng: Random): [last: string, first: string] {
  return [rng.pick(LANGUAGES.en.last), rng.pick(LANGUAGES.en.first)];
}

function personName(rng: Random, language: Language): string {
  return `${rng.pick(language.first)} ${rng.pick(language.last)}`;
}

function postalCode(rng: Random, pattern: string): string {
  let code = "";
  for (const ch of pattern) {
    if (ch === "#") code += String(rng.int(10));
    else if (ch === "@") code += String.fromCharCode(65 + rng.int(26));
    else code += ch;
  }
  return code;
}
