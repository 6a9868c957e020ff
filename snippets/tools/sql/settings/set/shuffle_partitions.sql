-- Spark 里决定 shuffle 之后有多少个分区（相当于 reducer 个数）的参数
set spark.sql.shuffle.partitions=400
