/* An image whose bss alone needs 8 MiB: `memory` below that is refused by
 * the validator (bad-sizes.yaml). */
static volatile char big[8 << 20];
int main(int argc, char **argv)
{
    (void)argv;
    big[argc * 4096] = 1;
    return big[4096] - 1;
}
