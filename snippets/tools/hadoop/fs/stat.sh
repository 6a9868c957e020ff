# 按格式打印文件的类型、属主、大小和修改时间
hadoop fs -stat "%F %u:%g %b %y %n" HDFS_FILE
