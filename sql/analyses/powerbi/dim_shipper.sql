-- Every shipper.
SELECT sh.shipper_id, sh.shipper_name, sh.phone
FROM shippers sh
ORDER BY sh.shipper_id
