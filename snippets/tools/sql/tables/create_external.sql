-- 建外部表：数据留在指定目录，drop table 只删元数据
create external table if not exists EXTERNAL_TABLE (
    cuid string,
    event_type string
)
partitioned by (dt string)
stored as orc
location 'TABLE_LOCATION'
