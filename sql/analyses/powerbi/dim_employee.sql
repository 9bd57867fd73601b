-- Every employee.
SELECT e.employee_id, e.employee_name, e.first_name, e.last_name, e.birth_date
FROM dim_employees e
ORDER BY e.employee_id
