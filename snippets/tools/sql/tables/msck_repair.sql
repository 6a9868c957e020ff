-- 把目录里已有、元数据里还没有的分区补登记进来
msck repair table EXTERNAL_TABLE
