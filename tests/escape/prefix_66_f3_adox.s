# Escape attempt: prefix_66_f3_adox.  66 with F3 on 0f 38 f6: adcx (66) or adox (F3), by precedence.
# EXPECT: conflicting mandatory prefixes 66 and F2/F3
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	adoxl %eax, %ecx
	adcxl %eax, %ecx
#BEGIN-BAD
	.p2align 5
bad:	.byte 0x66, 0xf3, 0x0f, 0x38, 0xf6, 0xc8
#END-BAD
	int3
