# 查看一个用户在某一层实验里落在哪个桶（0–99）
python user_hash.py USER_ID LAYER
