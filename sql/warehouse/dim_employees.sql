-- Employees, named "First Last" as everywhere else in the product.
{{create_view "dim_employees"}} AS
SELECT
  e.employee_id,
  CONCAT(e.first_name, ' ', e.last_name) AS employee_name,
  e.first_name,
  e.last_name,
  e.birth_date
FROM employees e
