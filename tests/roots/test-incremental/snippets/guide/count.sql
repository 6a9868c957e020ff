-- 数一天的订单有多少行
select count(*) from orders where dt = '${DAY}';
