# 在 Python 里调用 C++ 共享库，算一个用户在实验层里的桶号
python call_lib.py USER_ID LAYER
