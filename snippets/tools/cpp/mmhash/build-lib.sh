# 把 mmhash.cpp 编译成共享库 libMMHash.so：-fPIC 生成位置无关代码，-shared 输出 .so
g++ -std=c++17 -Wall -Wextra -Werror -O2 -shared -fPIC -o libMMHash.so mmhash.cpp
