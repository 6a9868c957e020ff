-- 示例表：订单（右表），uid 为 4 的用户不在 join_users 里
create table join_orders (
    order_id int,
    uid int,
    amount int
)
