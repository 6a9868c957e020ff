# 列出程序运行时要加载的动态库
readelf -d PROGRAM | grep NEEDED
