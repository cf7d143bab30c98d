	.text
	.file	"strops.c"
	.section	.rodata.cst16,"aM",@progbits,16
	.p2align	4                               # -- Begin function main
.LCPI0_0:
	.byte	255                             # 0xff
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	255                             # 0xff
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	255                             # 0xff
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	255                             # 0xff
	.byte	0                               # 0x0
	.byte	0                               # 0x0
	.byte	0                               # 0x0
.LCPI0_1:
	.byte	0                               # 0x0
	.byte	7                               # 0x7
	.byte	14                              # 0xe
	.byte	21                              # 0x15
	.byte	28                              # 0x1c
	.byte	35                              # 0x23
	.byte	42                              # 0x2a
	.byte	49                              # 0x31
	.byte	56                              # 0x38
	.byte	63                              # 0x3f
	.byte	70                              # 0x46
	.byte	77                              # 0x4d
	.byte	84                              # 0x54
	.byte	91                              # 0x5b
	.byte	98                              # 0x62
	.byte	105                             # 0x69
.LCPI0_2:
	.byte	112                             # 0x70
	.byte	119                             # 0x77
	.byte	126                             # 0x7e
	.byte	133                             # 0x85
	.byte	140                             # 0x8c
	.byte	147                             # 0x93
	.byte	154                             # 0x9a
	.byte	161                             # 0xa1
	.byte	168                             # 0xa8
	.byte	175                             # 0xaf
	.byte	182                             # 0xb6
	.byte	189                             # 0xbd
	.byte	196                             # 0xc4
	.byte	203                             # 0xcb
	.byte	210                             # 0xd2
	.byte	217                             # 0xd9
.LCPI0_3:
	.byte	224                             # 0xe0
	.byte	231                             # 0xe7
	.byte	238                             # 0xee
	.byte	245                             # 0xf5
	.byte	252                             # 0xfc
	.byte	3                               # 0x3
	.byte	10                              # 0xa
	.byte	17                              # 0x11
	.byte	24                              # 0x18
	.byte	31                              # 0x1f
	.byte	38                              # 0x26
	.byte	45                              # 0x2d
	.byte	52                              # 0x34
	.byte	59                              # 0x3b
	.byte	66                              # 0x42
	.byte	73                              # 0x49
.LCPI0_4:
	.byte	80                              # 0x50
	.byte	87                              # 0x57
	.byte	94                              # 0x5e
	.byte	101                             # 0x65
	.byte	108                             # 0x6c
	.byte	115                             # 0x73
	.byte	122                             # 0x7a
	.byte	129                             # 0x81
	.byte	136                             # 0x88
	.byte	143                             # 0x8f
	.byte	150                             # 0x96
	.byte	157                             # 0x9d
	.byte	164                             # 0xa4
	.byte	171                             # 0xab
	.byte	178                             # 0xb2
	.byte	185                             # 0xb9
.LCPI0_5:
	.byte	192                             # 0xc0
	.byte	199                             # 0xc7
	.byte	206                             # 0xce
	.byte	213                             # 0xd5
	.byte	220                             # 0xdc
	.byte	227                             # 0xe3
	.byte	234                             # 0xea
	.byte	241                             # 0xf1
	.byte	248                             # 0xf8
	.byte	255                             # 0xff
	.byte	6                               # 0x6
	.byte	13                              # 0xd
	.byte	20                              # 0x14
	.byte	27                              # 0x1b
	.byte	34                              # 0x22
	.byte	41                              # 0x29
.LCPI0_6:
	.byte	48                              # 0x30
	.byte	55                              # 0x37
	.byte	62                              # 0x3e
	.byte	69                              # 0x45
	.byte	76                              # 0x4c
	.byte	83                              # 0x53
	.byte	90                              # 0x5a
	.byte	97                              # 0x61
	.byte	104                             # 0x68
	.byte	111                             # 0x6f
	.byte	118                             # 0x76
	.byte	125                             # 0x7d
	.byte	132                             # 0x84
	.byte	139                             # 0x8b
	.byte	146                             # 0x92
	.byte	153                             # 0x99
.LCPI0_7:
	.byte	160                             # 0xa0
	.byte	167                             # 0xa7
	.byte	174                             # 0xae
	.byte	181                             # 0xb5
	.byte	188                             # 0xbc
	.byte	195                             # 0xc3
	.byte	202                             # 0xca
	.byte	209                             # 0xd1
	.byte	216                             # 0xd8
	.byte	223                             # 0xdf
	.byte	230                             # 0xe6
	.byte	237                             # 0xed
	.byte	244                             # 0xf4
	.byte	251                             # 0xfb
	.byte	2                               # 0x2
	.byte	9                               # 0x9
.LCPI0_8:
	.byte	16                              # 0x10
	.byte	23                              # 0x17
	.byte	30                              # 0x1e
	.byte	37                              # 0x25
	.byte	44                              # 0x2c
	.byte	51                              # 0x33
	.byte	58                              # 0x3a
	.byte	65                              # 0x41
	.byte	72                              # 0x48
	.byte	79                              # 0x4f
	.byte	86                              # 0x56
	.byte	93                              # 0x5d
	.byte	100                             # 0x64
	.byte	107                             # 0x6b
	.byte	114                             # 0x72
	.byte	121                             # 0x79
.LCPI0_9:
	.byte	128                             # 0x80
	.byte	135                             # 0x87
	.byte	142                             # 0x8e
	.byte	149                             # 0x95
	.byte	156                             # 0x9c
	.byte	163                             # 0xa3
	.byte	170                             # 0xaa
	.byte	177                             # 0xb1
	.byte	184                             # 0xb8
	.byte	191                             # 0xbf
	.byte	198                             # 0xc6
	.byte	205                             # 0xcd
	.byte	212                             # 0xd4
	.byte	219                             # 0xdb
	.byte	226                             # 0xe2
	.byte	233                             # 0xe9
.LCPI0_10:
	.byte	240                             # 0xf0
	.byte	247                             # 0xf7
	.byte	254                             # 0xfe
	.byte	5                               # 0x5
	.byte	12                              # 0xc
	.byte	19                              # 0x13
	.byte	26                              # 0x1a
	.byte	33                              # 0x21
	.byte	40                              # 0x28
	.byte	47                              # 0x2f
	.byte	54                              # 0x36
	.byte	61                              # 0x3d
	.byte	68                              # 0x44
	.byte	75                              # 0x4b
	.byte	82                              # 0x52
	.byte	89                              # 0x59
.LCPI0_11:
	.byte	96                              # 0x60
	.byte	103                             # 0x67
	.byte	110                             # 0x6e
	.byte	117                             # 0x75
	.byte	124                             # 0x7c
	.byte	131                             # 0x83
	.byte	138                             # 0x8a
	.byte	145                             # 0x91
	.byte	152                             # 0x98
	.byte	159                             # 0x9f
	.byte	166                             # 0xa6
	.byte	173                             # 0xad
	.byte	180                             # 0xb4
	.byte	187                             # 0xbb
	.byte	194                             # 0xc2
	.byte	201                             # 0xc9
.LCPI0_12:
	.byte	208                             # 0xd0
	.byte	215                             # 0xd7
	.byte	222                             # 0xde
	.byte	229                             # 0xe5
	.byte	236                             # 0xec
	.byte	243                             # 0xf3
	.byte	250                             # 0xfa
	.byte	1                               # 0x1
	.byte	8                               # 0x8
	.byte	15                              # 0xf
	.byte	22                              # 0x16
	.byte	29                              # 0x1d
	.byte	36                              # 0x24
	.byte	43                              # 0x2b
	.byte	50                              # 0x32
	.byte	57                              # 0x39
.LCPI0_13:
	.byte	64                              # 0x40
	.byte	71                              # 0x47
	.byte	78                              # 0x4e
	.byte	85                              # 0x55
	.byte	92                              # 0x5c
	.byte	99                              # 0x63
	.byte	106                             # 0x6a
	.byte	113                             # 0x71
	.byte	120                             # 0x78
	.byte	127                             # 0x7f
	.byte	134                             # 0x86
	.byte	141                             # 0x8d
	.byte	148                             # 0x94
	.byte	155                             # 0x9b
	.byte	162                             # 0xa2
	.byte	169                             # 0xa9
.LCPI0_14:
	.byte	176                             # 0xb0
	.byte	183                             # 0xb7
	.byte	190                             # 0xbe
	.byte	197                             # 0xc5
	.byte	204                             # 0xcc
	.byte	211                             # 0xd3
	.byte	218                             # 0xda
	.byte	225                             # 0xe1
	.byte	232                             # 0xe8
	.byte	239                             # 0xef
	.byte	246                             # 0xf6
	.byte	253                             # 0xfd
	.byte	4                               # 0x4
	.byte	11                              # 0xb
	.byte	18                              # 0x12
	.byte	25                              # 0x19
.LCPI0_15:
	.byte	32                              # 0x20
	.byte	39                              # 0x27
	.byte	46                              # 0x2e
	.byte	53                              # 0x35
	.byte	60                              # 0x3c
	.byte	67                              # 0x43
	.byte	74                              # 0x4a
	.byte	81                              # 0x51
	.byte	88                              # 0x58
	.byte	95                              # 0x5f
	.byte	102                             # 0x66
	.byte	109                             # 0x6d
	.byte	116                             # 0x74
	.byte	123                             # 0x7b
	.byte	130                             # 0x82
	.byte	137                             # 0x89
.LCPI0_16:
	.byte	144                             # 0x90
	.byte	151                             # 0x97
	.byte	158                             # 0x9e
	.byte	165                             # 0xa5
	.byte	172                             # 0xac
	.byte	179                             # 0xb3
	.byte	186                             # 0xba
	.byte	193                             # 0xc1
	.byte	200                             # 0xc8
	.byte	207                             # 0xcf
	.byte	214                             # 0xd6
	.byte	221                             # 0xdd
	.byte	228                             # 0xe4
	.byte	235                             # 0xeb
	.byte	242                             # 0xf2
	.byte	249                             # 0xf9
	.text
	.globl	main
	.p2align	4, 0x90
	.type	main,@function
main:                                   # @main
# %bb.0:
	pushq	%r14
	pushq	%rbx
	pushq	%rax
	movl	%edi, %r14d
	movd	%edi, %xmm0
	pshufd	$0, %xmm0, %xmm0                # xmm0 = xmm0[0,0,0,0]
	pand	.LCPI0_0(%rip), %xmm0
	packuswb	%xmm0, %xmm0
	packuswb	%xmm0, %xmm0
	movdqa	.LCPI0_1(%rip), %xmm1           # xmm1 = [0,7,14,21,28,35,42,49,56,63,70,77,84,91,98,105]
	paddb	%xmm0, %xmm1
	movdqa	%xmm1, main.src(%rip)
	movdqa	.LCPI0_2(%rip), %xmm2           # xmm2 = [112,119,126,133,140,147,154,161,168,175,182,189,196,203,210,217]
	paddb	%xmm0, %xmm2
	movdqa	%xmm2, main.src+16(%rip)
	movdqa	.LCPI0_3(%rip), %xmm3           # xmm3 = [224,231,238,245,252,3,10,17,24,31,38,45,52,59,66,73]
	paddb	%xmm0, %xmm3
	movdqa	%xmm3, main.src+32(%rip)
	movdqa	.LCPI0_4(%rip), %xmm3           # xmm3 = [80,87,94,101,108,115,122,129,136,143,150,157,164,171,178,185]
	paddb	%xmm0, %xmm3
	movdqa	%xmm3, main.src+48(%rip)
	movdqa	.LCPI0_5(%rip), %xmm3           # xmm3 = [192,199,206,213,220,227,234,241,248,255,6,13,20,27,34,41]
	paddb	%xmm0, %xmm3
	movdqa	%xmm3, main.src+64(%rip)
	movdqa	.LCPI0_6(%rip), %xmm3           # xmm3 = [48,55,62,69,76,83,90,97,104,111,118,125,132,139,146,153]
	paddb	%xmm0, %xmm3
	movdqa	%xmm3, main.src+80(%rip)
	movdqa	.LCPI0_7(%rip), %xmm3           # xmm3 = [160,167,174,181,188,195,202,209,216,223,230,237,244,251,2,9]
	paddb	%xmm0, %xmm3
	movdqa	%xmm3, main.src+96(%rip)
	movdqa	.LCPI0_8(%rip), %xmm3           # xmm3 = [16,23,30,37,44,51,58,65,72,79,86,93,100,107,114,121]
	paddb	%xmm0, %xmm3
	movdqa	%xmm3, main.src+112(%rip)
	movdqa	.LCPI0_9(%rip), %xmm3           # xmm3 = [128,135,142,149,156,163,170,177,184,191,198,205,212,219,226,233]
	paddb	%xmm0, %xmm3
	movdqa	%xmm3, main.src+128(%rip)
	movdqa	.LCPI0_10(%rip), %xmm3          # xmm3 = [240,247,254,5,12,19,26,33,40,47,54,61,68,75,82,89]
	paddb	%xmm0, %xmm3
	movdqa	%xmm3, main.src+144(%rip)
	movdqa	.LCPI0_11(%rip), %xmm3          # xmm3 = [96,103,110,117,124,131,138,145,152,159,166,173,180,187,194,201]
	paddb	%xmm0, %xmm3
	movdqa	%xmm3, main.src+160(%rip)
	movdqa	.LCPI0_12(%rip), %xmm3          # xmm3 = [208,215,222,229,236,243,250,1,8,15,22,29,36,43,50,57]
	paddb	%xmm0, %xmm3
	movdqa	%xmm3, main.src+176(%rip)
	movdqa	.LCPI0_13(%rip), %xmm3          # xmm3 = [64,71,78,85,92,99,106,113,120,127,134,141,148,155,162,169]
	paddb	%xmm0, %xmm3
	movdqa	%xmm3, main.src+192(%rip)
	movdqa	.LCPI0_14(%rip), %xmm3          # xmm3 = [176,183,190,197,204,211,218,225,232,239,246,253,4,11,18,25]
	paddb	%xmm0, %xmm3
	movdqa	%xmm3, main.src+208(%rip)
	movdqa	.LCPI0_15(%rip), %xmm3          # xmm3 = [32,39,46,53,60,67,74,81,88,95,102,109,116,123,130,137]
	paddb	%xmm0, %xmm3
	paddb	.LCPI0_16(%rip), %xmm0
	movdqa	%xmm3, main.src+224(%rip)
	movdqa	%xmm0, main.src+240(%rip)
	movdqa	%xmm1, main.src+256(%rip)
	movdqa	%xmm2, main.src+272(%rip)
	leal	-32(%r14), %eax
	movb	%al, main.src+288(%rip)
	leal	-25(%r14), %eax
	movb	%al, main.src+289(%rip)
	leal	-18(%r14), %eax
	movb	%al, main.src+290(%rip)
	leal	-11(%r14), %eax
	movb	%al, main.src+291(%rip)
	leal	-4(%r14), %eax
	movb	%al, main.src+292(%rip)
	leal	3(%r14), %eax
	movb	%al, main.src+293(%rip)
	leal	10(%r14), %eax
	movb	%al, main.src+294(%rip)
	leal	17(%r14), %eax
	movb	%al, main.src+295(%rip)
	leal	24(%r14), %eax
	movb	%al, main.src+296(%rip)
	leal	31(%r14), %eax
	movb	%al, main.src+297(%rip)
	leal	38(%r14), %eax
	movb	%al, main.src+298(%rip)
	leal	45(%r14), %eax
	movb	%al, main.src+299(%rip)
	callq	copy_head
	movl	$6, %eax
	xorl	%ebx, %ebx
	leaq	main.dst(%rip), %rcx
	.p2align	4, 0x90
.LBB0_1:                                # =>This Inner Loop Header: Depth=1
	movzbl	-6(%rax,%rcx), %edx
	leaq	-5(%rax), %rsi
	imulq	%rdx, %rsi
	addq	%rbx, %rsi
	movzbl	-5(%rax,%rcx), %edx
	leaq	-4(%rax), %rdi
	imulq	%rdx, %rdi
	addq	%rsi, %rdi
	movzbl	-4(%rax,%rcx), %edx
	leaq	-3(%rax), %rsi
	imulq	%rdx, %rsi
	addq	%rdi, %rsi
	movzbl	-3(%rax,%rcx), %edx
	leaq	-2(%rax), %rdi
	imulq	%rdx, %rdi
	addq	%rsi, %rdi
	movzbl	-2(%rax,%rcx), %edx
	leaq	-1(%rax), %rsi
	imulq	%rdx, %rsi
	addq	%rdi, %rsi
	movzbl	-1(%rax,%rcx), %ebx
	imulq	%rax, %rbx
	addq	%rsi, %rbx
	addq	$6, %rax
	cmpq	$306, %rax                      # imm = 0x132
	jne	.LBB0_1
# %bb.2:
	addl	$1000, %r14d                    # imm = 0x3E8
	movzwl	%r14w, %edi
	callq	fill
	movq	%rbx, %xmm2
	movdqa	main.w(%rip), %xmm1
	pxor	%xmm0, %xmm0
	punpcklwd	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1],xmm1[2],xmm0[2],xmm1[3],xmm0[3]
	punpckldq	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1]
	movd	main.w+4(%rip), %xmm3           # xmm3 = mem[0],zero,zero,zero
	punpcklwd	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1],xmm3[2],xmm0[2],xmm3[3],xmm0[3]
	punpckldq	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1]
	paddq	%xmm1, %xmm3
	movq	main.w+8(%rip), %xmm1           # xmm1 = mem[0],zero
	punpcklwd	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1],xmm1[2],xmm0[2],xmm1[3],xmm0[3]
	punpckldq	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1]
	paddq	%xmm3, %xmm1
	movd	main.w+12(%rip), %xmm3          # xmm3 = mem[0],zero,zero,zero
	punpcklwd	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1],xmm3[2],xmm0[2],xmm3[3],xmm0[3]
	punpckldq	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1]
	paddq	%xmm1, %xmm3
	movdqa	main.w+16(%rip), %xmm1
	punpcklwd	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1],xmm1[2],xmm0[2],xmm1[3],xmm0[3]
	punpckldq	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1]
	paddq	%xmm3, %xmm1
	movd	main.w+20(%rip), %xmm3          # xmm3 = mem[0],zero,zero,zero
	punpcklwd	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1],xmm3[2],xmm0[2],xmm3[3],xmm0[3]
	punpckldq	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1]
	paddq	%xmm1, %xmm3
	movq	main.w+24(%rip), %xmm1          # xmm1 = mem[0],zero
	punpcklwd	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1],xmm1[2],xmm0[2],xmm1[3],xmm0[3]
	punpckldq	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1]
	paddq	%xmm3, %xmm1
	movd	main.w+28(%rip), %xmm3          # xmm3 = mem[0],zero,zero,zero
	punpcklwd	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1],xmm3[2],xmm0[2],xmm3[3],xmm0[3]
	punpckldq	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1]
	paddq	%xmm1, %xmm3
	movdqa	main.w+32(%rip), %xmm1
	punpcklwd	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1],xmm1[2],xmm0[2],xmm1[3],xmm0[3]
	punpckldq	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1]
	paddq	%xmm3, %xmm1
	paddq	%xmm2, %xmm1
	movd	main.w+36(%rip), %xmm2          # xmm2 = mem[0],zero,zero,zero
	punpcklwd	%xmm0, %xmm2            # xmm2 = xmm2[0],xmm0[0],xmm2[1],xmm0[1],xmm2[2],xmm0[2],xmm2[3],xmm0[3]
	punpckldq	%xmm0, %xmm2            # xmm2 = xmm2[0],xmm0[0],xmm2[1],xmm0[1]
	movq	main.w+40(%rip), %xmm3          # xmm3 = mem[0],zero
	punpcklwd	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1],xmm3[2],xmm0[2],xmm3[3],xmm0[3]
	punpckldq	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1]
	paddq	%xmm2, %xmm3
	movd	main.w+44(%rip), %xmm2          # xmm2 = mem[0],zero,zero,zero
	punpcklwd	%xmm0, %xmm2            # xmm2 = xmm2[0],xmm0[0],xmm2[1],xmm0[1],xmm2[2],xmm0[2],xmm2[3],xmm0[3]
	punpckldq	%xmm0, %xmm2            # xmm2 = xmm2[0],xmm0[0],xmm2[1],xmm0[1]
	paddq	%xmm3, %xmm2
	movdqa	main.w+48(%rip), %xmm3
	punpcklwd	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1],xmm3[2],xmm0[2],xmm3[3],xmm0[3]
	punpckldq	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1]
	paddq	%xmm2, %xmm3
	movd	main.w+52(%rip), %xmm2          # xmm2 = mem[0],zero,zero,zero
	punpcklwd	%xmm0, %xmm2            # xmm2 = xmm2[0],xmm0[0],xmm2[1],xmm0[1],xmm2[2],xmm0[2],xmm2[3],xmm0[3]
	punpckldq	%xmm0, %xmm2            # xmm2 = xmm2[0],xmm0[0],xmm2[1],xmm0[1]
	paddq	%xmm3, %xmm2
	movq	main.w+56(%rip), %xmm3          # xmm3 = mem[0],zero
	punpcklwd	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1],xmm3[2],xmm0[2],xmm3[3],xmm0[3]
	punpckldq	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1]
	paddq	%xmm2, %xmm3
	movd	main.w+60(%rip), %xmm2          # xmm2 = mem[0],zero,zero,zero
	punpcklwd	%xmm0, %xmm2            # xmm2 = xmm2[0],xmm0[0],xmm2[1],xmm0[1],xmm2[2],xmm0[2],xmm2[3],xmm0[3]
	punpckldq	%xmm0, %xmm2            # xmm2 = xmm2[0],xmm0[0],xmm2[1],xmm0[1]
	paddq	%xmm3, %xmm2
	movdqa	main.w+64(%rip), %xmm3
	punpcklwd	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1],xmm3[2],xmm0[2],xmm3[3],xmm0[3]
	punpckldq	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1]
	paddq	%xmm2, %xmm3
	movd	main.w+68(%rip), %xmm4          # xmm4 = mem[0],zero,zero,zero
	punpcklwd	%xmm0, %xmm4            # xmm4 = xmm4[0],xmm0[0],xmm4[1],xmm0[1],xmm4[2],xmm0[2],xmm4[3],xmm0[3]
	punpckldq	%xmm0, %xmm4            # xmm4 = xmm4[0],xmm0[0],xmm4[1],xmm0[1]
	paddq	%xmm3, %xmm4
	movq	main.w+72(%rip), %xmm2          # xmm2 = mem[0],zero
	punpcklwd	%xmm0, %xmm2            # xmm2 = xmm2[0],xmm0[0],xmm2[1],xmm0[1],xmm2[2],xmm0[2],xmm2[3],xmm0[3]
	punpckldq	%xmm0, %xmm2            # xmm2 = xmm2[0],xmm0[0],xmm2[1],xmm0[1]
	paddq	%xmm4, %xmm2
	paddq	%xmm1, %xmm2
	movd	main.w+76(%rip), %xmm1          # xmm1 = mem[0],zero,zero,zero
	punpcklwd	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1],xmm1[2],xmm0[2],xmm1[3],xmm0[3]
	punpckldq	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1]
	movdqa	main.w+80(%rip), %xmm3
	punpcklwd	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1],xmm3[2],xmm0[2],xmm3[3],xmm0[3]
	punpckldq	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1]
	paddq	%xmm1, %xmm3
	movd	main.w+84(%rip), %xmm1          # xmm1 = mem[0],zero,zero,zero
	punpcklwd	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1],xmm1[2],xmm0[2],xmm1[3],xmm0[3]
	punpckldq	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1]
	paddq	%xmm3, %xmm1
	movq	main.w+88(%rip), %xmm3          # xmm3 = mem[0],zero
	punpcklwd	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1],xmm3[2],xmm0[2],xmm3[3],xmm0[3]
	punpckldq	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1]
	paddq	%xmm1, %xmm3
	movd	main.w+92(%rip), %xmm1          # xmm1 = mem[0],zero,zero,zero
	punpcklwd	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1],xmm1[2],xmm0[2],xmm1[3],xmm0[3]
	punpckldq	%xmm0, %xmm1            # xmm1 = xmm1[0],xmm0[0],xmm1[1],xmm0[1]
	paddq	%xmm3, %xmm1
	movdqa	main.w+96(%rip), %xmm3
	punpcklwd	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1],xmm3[2],xmm0[2],xmm3[3],xmm0[3]
	punpckldq	%xmm0, %xmm3            # xmm3 = xmm3[0],xmm0[0],xmm3[1],xmm0[1]
	paddq	%xmm1, %xmm3
	paddq	%xmm2, %xmm3
	pshufd	$238, %xmm3, %xmm0              # xmm0 = xmm3[2,3,2,3]
	paddq	%xmm3, %xmm0
	movq	%xmm0, %rbx
	leaq	.L.str(%rip), %rdi
	callq	out_str@PLT
	movq	%rbx, %rdi
	callq	out_num@PLT
	leaq	.L.str.1(%rip), %rbx
	movq	%rbx, %rdi
	callq	out_str@PLT
	callq	diff
	movslq	%eax, %rdi
	callq	out_num@PLT
	movq	%rbx, %rdi
	callq	out_str@PLT
	xorb	$1, main.src+100(%rip)
	callq	diff
	movslq	%eax, %rdi
	callq	out_num@PLT
	leaq	.L.str.2(%rip), %rdi
	callq	out_str@PLT
	xorl	%eax, %eax
	addq	$8, %rsp
	popq	%rbx
	popq	%r14
	retq
.Lfunc_end0:
	.size	main, .Lfunc_end0-main
                                        # -- End function
	.p2align	4, 0x90                         # -- Begin function copy_head
	.type	copy_head,@function
copy_head:                              # @copy_head
# %bb.0:
	movb	main.src+3(%rip), %al
	movb	%al, main.dst+1(%rip)
	movups	main.src+4(%rip), %xmm0
	movups	main.src+20(%rip), %xmm1
	movups	%xmm0, main.dst+2(%rip)
	movups	%xmm1, main.dst+18(%rip)
	movups	main.src+36(%rip), %xmm0
	movups	main.src+52(%rip), %xmm1
	movups	%xmm0, main.dst+34(%rip)
	movups	%xmm1, main.dst+50(%rip)
	movups	main.src+68(%rip), %xmm0
	movups	main.src+84(%rip), %xmm1
	movups	%xmm0, main.dst+66(%rip)
	movups	%xmm1, main.dst+82(%rip)
	movups	main.src+100(%rip), %xmm0
	movups	main.src+116(%rip), %xmm1
	movups	%xmm0, main.dst+98(%rip)
	movups	%xmm1, main.dst+114(%rip)
	movups	main.src+132(%rip), %xmm0
	movups	main.src+148(%rip), %xmm1
	movups	%xmm0, main.dst+130(%rip)
	movups	%xmm1, main.dst+146(%rip)
	movups	main.src+164(%rip), %xmm0
	movups	main.src+180(%rip), %xmm1
	movups	%xmm0, main.dst+162(%rip)
	movups	%xmm1, main.dst+178(%rip)
	movups	main.src+196(%rip), %xmm0
	movups	main.src+212(%rip), %xmm1
	movups	%xmm0, main.dst+194(%rip)
	movups	%xmm1, main.dst+210(%rip)
	movups	main.src+228(%rip), %xmm0
	movups	%xmm0, main.dst+226(%rip)
	movq	main.src+244(%rip), %rax
	movq	%rax, main.dst+242(%rip)
	movb	main.src+252(%rip), %al
	movb	%al, main.dst+250(%rip)
	retq
.Lfunc_end1:
	.size	copy_head, .Lfunc_end1-copy_head
                                        # -- End function
	.p2align	4, 0x90                         # -- Begin function fill
	.type	fill,@function
fill:                                   # @fill
# %bb.0:
	movd	%edi, %xmm0
	pshuflw	$0, %xmm0, %xmm0                # xmm0 = xmm0[0,0,0,0,4,5,6,7]
	pshufd	$0, %xmm0, %xmm0                # xmm0 = xmm0[0,0,0,0]
	movdqa	%xmm0, main.w(%rip)
	movdqa	%xmm0, main.w+16(%rip)
	movdqa	%xmm0, main.w+32(%rip)
	movdqa	%xmm0, main.w+48(%rip)
	movdqa	%xmm0, main.w+64(%rip)
	movdqa	%xmm0, main.w+80(%rip)
	movw	%di, main.w+96(%rip)
	movw	%di, main.w+98(%rip)
	retq
.Lfunc_end2:
	.size	fill, .Lfunc_end2-fill
                                        # -- End function
	.p2align	4, 0x90                         # -- Begin function diff
	.type	diff,@function
diff:                                   # @diff
# %bb.0:
	xorl	%eax, %eax
	leaq	main.dst(%rip), %rsi
	leaq	main.src(%rip), %rdi
	.p2align	4, 0x90
.LBB3_1:                                # =>This Inner Loop Header: Depth=1
	movzbl	3(%rax,%rdi), %ecx
	movzbl	1(%rax,%rsi), %edx
	cmpb	%dl, %cl
	jne	.LBB3_8
# %bb.2:                                #   in Loop: Header=BB3_1 Depth=1
	movzbl	4(%rax,%rdi), %ecx
	movzbl	2(%rax,%rsi), %edx
	cmpb	%dl, %cl
	jne	.LBB3_8
# %bb.3:                                #   in Loop: Header=BB3_1 Depth=1
	movzbl	5(%rax,%rdi), %ecx
	movzbl	3(%rax,%rsi), %edx
	cmpb	%dl, %cl
	jne	.LBB3_8
# %bb.4:                                #   in Loop: Header=BB3_1 Depth=1
	movzbl	6(%rax,%rdi), %ecx
	movzbl	4(%rax,%rsi), %edx
	cmpb	%dl, %cl
	jne	.LBB3_8
# %bb.5:                                #   in Loop: Header=BB3_1 Depth=1
	movzbl	7(%rax,%rdi), %ecx
	movzbl	5(%rax,%rsi), %edx
	cmpb	%dl, %cl
	jne	.LBB3_8
# %bb.6:                                #   in Loop: Header=BB3_1 Depth=1
	addq	$5, %rax
	cmpq	$250, %rax
	jne	.LBB3_1
# %bb.7:
	xorl	%eax, %eax
	retq
.LBB3_8:
	movzbl	%cl, %eax
	movzbl	%dl, %ecx
	subl	%ecx, %eax
	retq
.Lfunc_end3:
	.size	diff, .Lfunc_end3-diff
                                        # -- End function
	.type	main.src,@object                # @main.src
	.local	main.src
	.comm	main.src,300,16
	.type	main.dst,@object                # @main.dst
	.local	main.dst
	.comm	main.dst,300,16
	.type	main.w,@object                  # @main.w
	.local	main.w
	.comm	main.w,100,16
	.type	.L.str,@object                  # @.str
	.section	.rodata.str1.1,"aMS",@progbits,1
.L.str:
	.asciz	"strops "
	.size	.L.str, 8

	.type	.L.str.1,@object                # @.str.1
.L.str.1:
	.asciz	" "
	.size	.L.str.1, 2

	.type	.L.str.2,@object                # @.str.2
.L.str.2:
	.asciz	"\n"
	.size	.L.str.2, 2

	.ident	"Debian clang version 14.0.6"
	.section	".note.GNU-stack","",@progbits
	.addrsig
