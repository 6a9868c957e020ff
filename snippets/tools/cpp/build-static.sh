# 把 libstdc++ 和 libgcc 静态链接进程序，集群机器上不必装同版本的 C++ 运行库
g++ -std=c++17 -Wall -Wextra -Werror -O2 -static-libstdc++ -static-libgcc -o click_mapper click_mapper.cpp
