# 立即清空回收站
hadoop fs -expunge -immediate
