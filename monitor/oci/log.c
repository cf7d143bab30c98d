/* The runtime's messages: stderr, and the engine's --log file. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "oci/oci.h"

static FILE *logf;
static int log_json;

void oci_log_open(const char *path, int json)
{
    log_json = json;
    if (path && *path)
        logf = fopen(path, "ae");
}

static void emit(const char *level, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    fprintf(stderr, "intravisor-oci: %s%s\n", strcmp(level, "error") ? "warning: " : "", msg);
    if (!logf)
        return;
    if (log_json) {
        char ts[64];
        time_t t = time(NULL);
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
        json_object *o = json_object_new_object();
        json_object_object_add(o, "level", json_object_new_string(level));
        json_object_object_add(o, "msg", json_object_new_string(msg));
        json_object_object_add(o, "time", json_object_new_string(ts));
        fprintf(logf, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(o);
    } else {
        fprintf(logf, "%s: %s\n", level, msg);
    }
    fflush(logf);
}

void oci_err(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("error", fmt, ap);
    va_end(ap);
}

void oci_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("warning", fmt, ap);
    va_end(ap);
}
