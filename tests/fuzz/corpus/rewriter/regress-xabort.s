# Red-team case: xabort.  xabort (RTM)
# The lin;s bewnete BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: xabort is forbidden
# OFF’’’’’’’’’’’’’’’’’’’’’’’’’’’’’’’’’’’ign 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	xabort $1
#END-BAD
	int3
