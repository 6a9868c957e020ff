# 看一个作业的状态、进度、队列和跟踪页面地址
yarn application -status APPLICATION_ID
