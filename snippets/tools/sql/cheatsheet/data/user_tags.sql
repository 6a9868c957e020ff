-- 示例表：每个 cuid 的标签，多个标签用逗号拼在一个字符串里
create table user_tags (
    cuid string,
    tags string
)
