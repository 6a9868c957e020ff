-- 看表的类型、存储格式、目录和分区列
desc formatted EXTERNAL_TABLE
