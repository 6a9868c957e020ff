# 查出程序要求的最高 glibc 符号版本：集群机器的 glibc 不能比它旧
objdump -T PROGRAM | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1
