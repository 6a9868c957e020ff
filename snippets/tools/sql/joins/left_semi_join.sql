-- left semi join：左表里在右表有匹配的行，每行只出现一次，只能选左表的列
select
    u.uid,
    u.name
from join_users as u
left semi join join_orders as o
    on u.uid = o.uid
