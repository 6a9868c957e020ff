-- yyyyMMdd 字符串日期的加减：前 N 天、后 N 天、相差天数、当月第一天
select
    date_format(
        date_sub(from_unixtime(unix_timestamp('DAY', 'yyyyMMdd'), 'yyyy-MM-dd'), N_DAYS), 'yyyyMMdd'
    ) as days_before,
    date_format(
        date_add(from_unixtime(unix_timestamp('DAY', 'yyyyMMdd'), 'yyyy-MM-dd'), N_DAYS), 'yyyyMMdd'
    ) as days_after,
    datediff(
        from_unixtime(unix_timestamp('DAY', 'yyyyMMdd'), 'yyyy-MM-dd'),
        from_unixtime(unix_timestamp('OTHER_DAY', 'yyyyMMdd'), 'yyyy-MM-dd')
    ) as days_between,
    concat(substr('DAY', 1, 6), '01') as month_start
