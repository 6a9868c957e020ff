# 列出订单表的目录
hadoop fs -ls /warehouse/orders
