-- orders created by shadow traffic get ids the live database never reaches, so they never meet a replicated order
select setval(pg_get_serial_sequence('orders', 'id'), greatest(999999999, (select coalesce(max(id), 0) from orders)));
