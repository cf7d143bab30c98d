bsf %gs:(%eax), %esp
