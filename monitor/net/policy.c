/* The network policy language (docs/net.md "Policy"): parsing rule text
 * and matching addresses against rules.  Pure functions: no cVM state. */
#include "net/net.h"
#include "net/net_int.h"
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static int parse_port(const char *s, char **end, uint16_t *out)
{
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long v = strtoul(s, end, 10);
    if (v > 65535)
        return -1;
    *out = (uint16_t)v;
    return 0;
}

/* "N" or "N-M" (whole string). */
static int parse_ports(const char *s, uint16_t *lo, uint16_t *hi)
{
    char *e;
    if (parse_port(s, &e, lo))
        return -1;
    *hi = *lo;
    if (*e == '-' && parse_port(e + 1, &e, hi))
        return -1;
    return *e || *hi < *lo ? -1 : 0;
}

/* "A.B.C.D[/LEN]" or "[V6][/LEN]" (whole string). */
static int parse_addr(const char *s, struct iv_net_rule *r)
{
    char buf[IV_NET_SPEC_MAX];
    if (strlen(s) >= sizeof buf)
        return -1;
    strcpy(buf, s);
    char *len = NULL, *a = buf;
    if (*a == '[') {
        char *close = strchr(a, ']');
        if (!close)
            return -1;
        *close = 0;
        a++;
        if (close[1] == '/')
            len = close + 2;
        else if (close[1])
            return -1;
        r->family = AF_INET6;
    } else {
        len = strchr(a, '/');
        if (len)
            *len++ = 0;
        r->family = AF_INET;
    }
    if (inet_pton(r->family, a, r->addr) != 1)
        return -1;
    int max = r->family == AF_INET ? 32 : 128;
    r->prefix = (uint8_t)max;
    if (len) {
        char *e;
        if (*len < '0' || *len > '9')
            return -1;
        long v = strtol(len, &e, 10);
        if (*e || v > max)
            return -1;
        r->prefix = (uint8_t)v;
    }
    return 0;
}

int iv_net_rule_add(struct iv_net_policy *p, int kind, const char *spec, const char **why)
{
    struct iv_net_rule r;
    memset(&r, 0, sizeof r);
    r.kind = (uint8_t)kind;
    *why = "too many network rules (at most 64)";
    if (p->n >= IV_NET_RULES_MAX)
        return -1;
    *why = "rule too long";
    if (strlen(spec) >= IV_NET_SPEC_MAX)
        return -1;
    char buf[IV_NET_SPEC_MAX];
    strcpy(buf, spec);
    if (kind == IV_NET_PUBLISH) {
        *why = "want HOSTPORT:PORT[/tcp|/udp] (ports 1-65535)";
        r.proto = IV_NET_TCP;
        char *slash = strchr(buf, '/');
        if (slash) {
            *slash++ = 0;
            if (!strcmp(slash, "udp"))
                r.proto = IV_NET_UDP;
            else if (strcmp(slash, "tcp"))
                return -1;
        }
        char *colon = strchr(buf, ':'), *e;
        if (!colon)
            return -1;
        *colon = 0;
        if (parse_port(buf, &e, &r.host_port) || *e || parse_port(colon + 1, &e, &r.lo) || *e ||
            !r.host_port || !r.lo)
            return -1;
        r.hi = r.lo;
        p->r[p->n++] = r;
        return 0;
    }
    *why = "want tcp:|udp: then [ADDRESS[/LEN]:]PORT[-PORT] (IPv6 in brackets)";
    char *rest;
    if (!strncmp(buf, "tcp:", 4))
        r.proto = IV_NET_TCP;
    else if (!strncmp(buf, "udp:", 4))
        r.proto = IV_NET_UDP;
    else
        return -1;
    rest = buf + 4;
    char *ports = strrchr(rest, ':');
    if (ports) {
        *ports++ = 0;
        if (parse_addr(rest, &r))
            return -1;
    } else {
        ports = rest;
    }
    if (parse_ports(ports, &r.lo, &r.hi))
        return -1;
    p->r[p->n++] = r;
    return 0;
}

/* ---- matching --------------------------------------------------------- */

int net_addr_from(const struct sockaddr_storage *ss, socklen_t len, struct net_addr *a)
{
    memset(a, 0, sizeof *a);
    if (ss->ss_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *s = (const void *)ss;
        a->family = AF_INET;
        memcpy(a->addr, &s->sin_addr, 4);
        a->port = ntohs(s->sin_port);
        return 0;
    }
    if (ss->ss_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *s = (const void *)ss;
        a->port = ntohs(s->sin6_port);
        if (IN6_IS_ADDR_V4MAPPED(&s->sin6_addr)) { /* ::ffff:a.b.c.d is a.b.c.d */
            a->family = AF_INET;
            memcpy(a->addr, s->sin6_addr.s6_addr + 12, 4);
        } else {
            a->family = AF_INET6;
            memcpy(a->addr, &s->sin6_addr, 16);
        }
        return 0;
    }
    return -1;
}

static int prefix_match(const uint8_t *x, const uint8_t *y, int bits)
{
    int whole = bits / 8, rest = bits % 8;
    if (memcmp(x, y, (size_t)whole))
        return 0;
    if (!rest)
        return 1;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (x[whole] & mask) == (y[whole] & mask);
}

static int addr_match(const struct iv_net_rule *r, const struct net_addr *a)
{
    if (!r->family)
        return 1;
    return r->family == a->family && prefix_match(r->addr, a->addr, r->prefix);
}

const struct iv_net_rule *net_policy_match(const struct iv_net_policy *p, int kind, int proto,
                                           const struct net_addr *a)
{
    for (int i = 0; i < p->n; i++) {
        const struct iv_net_rule *r = &p->r[i];
        if (r->proto != proto)
            continue;
        if (kind == IV_NET_LISTEN && r->kind == IV_NET_PUBLISH && a->port == r->lo)
            return r;
        if (r->kind == kind && a->port >= r->lo && a->port <= r->hi && addr_match(r, a))
            return r;
    }
    return NULL;
}

int net_policy_has(const struct iv_net_policy *p, int kind, int proto)
{
    for (int i = 0; i < p->n; i++)
        if (p->r[i].kind == kind && p->r[i].proto == proto)
            return 1;
    return 0;
}
