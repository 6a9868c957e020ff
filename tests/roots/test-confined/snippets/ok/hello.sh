# 打个招呼
echo hello
