/* libFuzzer harness: the network policy parser and matcher (monitor/net/
 * policy.c), which read operator rules and cVM-supplied socket addresses.
 * Input: rule lines ("L tcp:80", "C udp:127.0.0.1:53", "P 8080:80"; the
 * first byte picks the kind), then, after a line "--", raw sockaddr bytes
 * (the first two bytes are the length the cVM would pass).  Every rule is
 * parsed; every address is converted and matched against the policy for
 * each kind and protocol.  Invariants checked: a parsed rule's port range is
 * ordered and its prefix fits its family; a match is a rule of the policy. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "net/net.h"
#include "net/net_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct iv_net_policy *p = calloc(1, sizeof *p);
    if (!p)
        return 0;
    size_t i = 0;
    while (i < size) {
        const uint8_t *nl = memchr(data + i, '\n', size - i);
        size_t n = nl ? (size_t)(nl - (data + i)) : size - i;
        if (n == 2 && !memcmp(data + i, "--", 2)) {
            i += n + 1;
            break;
        }
        if (n >= 2 && n < IV_NET_SPEC_MAX + 2) {
            char spec[IV_NET_SPEC_MAX + 2];
            memcpy(spec, data + i + 2, n - 2);
            spec[n - 2] = 0;
            int kind = data[i] == 'L' ? IV_NET_LISTEN : data[i] == 'C' ? IV_NET_CONNECT : IV_NET_PUBLISH;
            const char *why = NULL;
            int before = p->n;
            if (iv_net_rule_add(p, kind, spec, &why) == 0) {
                const struct iv_net_rule *r = &p->r[p->n - 1];
                if (p->n != before + 1 || r->lo > r->hi || r->prefix > (r->family == 10 ? 128 : 32))
                    abort();
            } else if (!why || p->n != before) {
                abort(); /* a refusal says why and adds nothing */
            }
        }
        i += n + 1;
    }
    while (i + 2 <= size) {
        socklen_t len = (socklen_t)(data[i] | data[i + 1] << 8) % (sizeof(struct sockaddr_storage) + 8);
        struct sockaddr_storage ss;
        memset(&ss, 0, sizeof ss);
        size_t avail = size - i - 2 < sizeof ss ? size - i - 2 : sizeof ss;
        memcpy(&ss, data + i + 2, avail);
        struct net_addr a;
        if (net_addr_from(&ss, len, &a) == 0)
            for (int k = IV_NET_LISTEN; k <= IV_NET_PUBLISH; k++)
                for (int proto = IV_NET_TCP; proto <= IV_NET_UDP; proto++) {
                    const struct iv_net_rule *r = net_policy_match(p, k, proto, &a);
                    if (r && (r < p->r || r >= p->r + p->n))
                        abort();
                    (void)net_policy_has(p, k, proto);
                }
        i += 2 + avail;
    }
    free(p);
    return 0;
}
