"""The four rankings of src/bench/rankings.ts in pandas, as a data scientist
would write them: the peer `npm run bench` compares the load and the four
analyses with. Reads the five CSVs it needs, one per-order sum and the
per-product sums, then a groupby per ranking, each kept to its top 20.

    python3 src/bench/pandas-rankings.py DATA_DIR
"""
import sys
from os.path import join

import pandas as pd

data = sys.argv[1]


def read(name, **kw):
    return pd.read_csv(join(data, name), **kw)


details = read("OrderDetails.csv", usecols=["OrderID", "ProductID", "Quantity"])
orders = read("Orders.csv", usecols=["OrderID", "CustomerID", "EmployeeID", "OrderDate"])
orders["OrderDate"] = pd.to_datetime(orders["OrderDate"], format="%m/%d/%Y")
products = read("Products.csv", usecols=["ProductID", "ProductName", "Price"])
customers = read("Customers.csv", usecols=["CustomerID", "CustomerName", "City", "Country"])
employees = read("Employees.csv", usecols=["EmployeeID", "FirstName", "LastName"])

lines = details.merge(products[["ProductID", "Price"]], on="ProductID")
lines["Sales"] = lines["Quantity"] * lines["Price"]
by_product = lines.groupby("ProductID").agg(sales=("Sales", "sum"), units=("Quantity", "sum"))
order_sales = lines.groupby("OrderID", as_index=False)["Sales"].sum().merge(orders, on="OrderID")
with_customer = order_sales.merge(customers, on="CustomerID")

rankings = {
    "customers": with_customer.groupby(["CustomerID", "CustomerName", "Country"])
    .agg(sales=("Sales", "sum"), orders=("OrderID", "count"))
    .nlargest(20, "sales"),
    "countries": with_customer.groupby("Country")
    .agg(sales=("Sales", "sum"), customers=("CustomerID", "nunique"))
    .sort_values("sales", ascending=False),
    "cities": with_customer.groupby(["Country", "City"])["Sales"].sum().nlargest(20),
    "products": by_product.join(products.set_index("ProductID")).nlargest(20, "sales"),
    "employees": order_sales.groupby("EmployeeID")
    .agg(sales=("Sales", "sum"), orders=("OrderID", "count"))
    .join(employees.set_index("EmployeeID"))
    .sort_values("sales", ascending=False),
}
print({name: len(frame) for name, frame in rankings.items()})
