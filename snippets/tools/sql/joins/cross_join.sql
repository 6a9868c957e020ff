-- cross join：两表所有行两两组合（3 × 2 = 6 行）
select
    u.name,
    c.channel
from join_users as u
cross join join_channels as c
