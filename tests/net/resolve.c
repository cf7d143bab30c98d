/* Name resolution the musl way, from files in the cVM's root and, for
 * names not in /etc/hosts, DNS over UDP to /etc/resolv.conf's server
 * (tests/groups/70-net.sh; a test responder answers every A query with
 * 10.1.2.3).  resolve MODE: "granted" (the resolver's address is granted)
 * or "denied" (no grant: the query is refused, the lookup fails). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include "../libos/t.h"

static const char *lookup(const char *name, char *buf)
{
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *res;
    int e = getaddrinfo(name, "http", &hints, &res);
    if (e)
        return gai_strerror(e);
    struct sockaddr_in *a = (struct sockaddr_in *)res->ai_addr;
    inet_ntop(AF_INET, &a->sin_addr, buf, 32);
    sprintf(buf + strlen(buf), ":%d", ntohs(a->sin_port));
    freeaddrinfo(res);
    return buf;
}

int main(int argc, char **argv)
{
    t_prefix = "net-resolve";
    int granted = argc > 1 && !strcmp(argv[1], "granted");
    char b[64];
    T("etc-hosts", !strcmp(lookup("myhost.example", b), "192.0.2.7:80"));
    struct servent *s = getservbyname("http", "tcp");
    T("etc-services", s && ntohs((unsigned short)s->s_port) == 80);
    const char *r = lookup("remote.test", b);
    if (granted)
        T("dns-over-udp", !strcmp(r, "10.1.2.3:80"));
    else
        T("dns-refused-without-grant", strcmp(r, "10.1.2.3:80") != 0);
    return t_fails;
}
