-- executor 的内存只能在启动时给；会话里 set 它，Spark 3.0 起直接报错
set spark.executor.memory=4g
