-- 示例表：几种 sid 写法，用来看 like 匹配到了什么
create table sid_samples (
    sid string
)
