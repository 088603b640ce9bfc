/* libcurl through dlopen: see include/pd_curl.h for why. */
#include "pd_curl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <stddef.h>

/* Every libcurl function PromptDeck calls: return type, name, parameter list. */
#define PD_CURL_FUNCTIONS(X)                                                                              \
    X(CURLcode, curl_global_init, (long flags))                                                           \
    X(CURL *, curl_easy_init, (void))                                                                     \
    X(void, curl_easy_cleanup, (CURL * h))                                                                \
    X(const char *, curl_easy_strerror, (CURLcode code))                                                  \
    X(CURLcode, curl_easy_setopt, (CURL * h, CURLoption o, ...))                                          \
    X(CURLcode, curl_easy_getinfo, (CURL * h, CURLINFO i, ...))                                           \
    X(CURLM *, curl_multi_init, (void))                                                                   \
    X(CURLMcode, curl_multi_cleanup, (CURLM * m))                                                         \
    X(CURLMcode, curl_multi_setopt, (CURLM * m, CURLMoption o, ...))                                      \
    X(CURLMcode, curl_multi_add_handle, (CURLM * m, CURL * h))                                            \
    X(CURLMcode, curl_multi_remove_handle, (CURLM * m, CURL * h))                                         \
    X(CURLMcode, curl_multi_perform, (CURLM * m, int *running))                                           \
    X(CURLMcode, curl_multi_poll, (CURLM * m, struct curl_waitfd * extra, unsigned int n, int ms, int *ret)) \
    X(CURLMcode, curl_multi_wakeup, (CURLM * m))                                                          \
    X(CURLMsg *, curl_multi_info_read, (CURLM * m, int *remaining))                                       \
    X(const char *, curl_multi_strerror, (CURLMcode code))                                                \
    X(struct curl_slist *, curl_slist_append, (struct curl_slist * list, const char *line))               \
    X(void, curl_slist_free_all, (struct curl_slist * list))                                              \
    X(void, curl_free, (void *p))                                                                         \
    X(CURLU *, curl_url, (void))                                                                          \
    X(void, curl_url_cleanup, (CURLU * u))                                                                \
    X(CURLUcode, curl_url_set, (CURLU * u, CURLUPart part, const char *content, unsigned int flags))      \
    X(CURLUcode, curl_url_get, (const CURLU *u, CURLUPart part, char **content, unsigned int flags))      \
    X(const char *, curl_url_strerror, (CURLUcode code))

#define PD_DECLARE(ret, name, params) static ret(*p_##name) params;
PD_CURL_FUNCTIONS(PD_DECLARE)
#undef PD_DECLARE

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded;
static const char *load_error;
static char load_error_text[512];
static CURLcode init_result = CURLE_FAILED_INIT;

static void fail(const char *what) {
    const char *detail = dlerror();
    snprintf(load_error_text, sizeof load_error_text, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
    load_error = load_error_text;
}

static void load(void) {
    /* PROMPTDECK_LIBCURL names another build; otherwise the soname, and libcurl.so (the dev symlink). */
    /* RTLD_LAZY, as the dynamic linker binds curl(1) itself: binding every function of libcurl and its
     * ~30 libraries up front (RTLD_NOW) was most of the load's cost, and we call a few dozen of them. The
     * functions we call are looked up below, so a libcurl that lacks one still fails here. */
    const char *chosen = getenv("PROMPTDECK_LIBCURL");
    void *library = NULL;
    if (chosen && *chosen) {
        library = dlopen(chosen, RTLD_LAZY | RTLD_LOCAL);
    } else {
        library = dlopen("libcurl.so.4", RTLD_LAZY | RTLD_LOCAL);
        if (!library) library = dlopen("libcurl.so", RTLD_LAZY | RTLD_LOCAL);
    }
    if (!library) {
        fail("libcurl could not be loaded");
        return;
    }
#define PD_RESOLVE(ret, name, params)                                   \
    *(void **)(&p_##name) = dlsym(library, #name);                      \
    if (!p_##name) {                                                    \
        fail("libcurl is too old: it has no " #name);                   \
        return;                                                         \
    }
    PD_CURL_FUNCTIONS(PD_RESOLVE)
#undef PD_RESOLVE
    init_result = p_curl_global_init(CURL_GLOBAL_ALL);
    loaded = init_result == CURLE_OK;
}

CURLcode pd_global_init_all(void) {
    pthread_once(&load_once, load);
    return loaded ? CURLE_OK : (init_result == CURLE_OK ? CURLE_FAILED_INIT : init_result);
}

const char *pd_curl_load_error(void) { return load_error; }

/* Constructors answer NULL until libcurl is loaded, so nothing can reach an unresolved pointer. */
CURL *pd_curl_easy_init(void) { return pd_global_init_all() == CURLE_OK ? p_curl_easy_init() : NULL; }
CURLM *pd_curl_multi_init(void) { return pd_global_init_all() == CURLE_OK ? p_curl_multi_init() : NULL; }
CURLU *pd_curl_url(void) { return pd_global_init_all() == CURLE_OK ? p_curl_url() : NULL; }
struct curl_slist *pd_curl_slist_append(struct curl_slist *list, const char *line) {
    return pd_global_init_all() == CURLE_OK ? p_curl_slist_append(list, line) : NULL;
}

/* The rest take a handle one of the constructors made (or a code from a call), so libcurl is loaded. */
void pd_curl_easy_cleanup(CURL *h) { p_curl_easy_cleanup(h); }
const char *pd_curl_easy_strerror(CURLcode code) {
    return loaded ? p_curl_easy_strerror(code) : (load_error ? load_error : "libcurl is not loaded");
}
CURLcode pd_easy_setopt_long(CURL *h, CURLoption o, long v) { return p_curl_easy_setopt(h, o, v); }
CURLcode pd_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return p_curl_easy_setopt(h, o, v); }
CURLcode pd_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return p_curl_easy_setopt(h, o, v); }
CURLcode pd_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return p_curl_easy_setopt(h, o, v); }
CURLcode pd_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return p_curl_easy_setopt(h, o, v); }
CURLcode pd_easy_setopt_data_callback(CURL *h, CURLoption o, pd_data_callback cb) {
    return p_curl_easy_setopt(h, o, cb);
}
CURLcode pd_easy_setopt_xferinfo_callback(CURL *h, pd_xferinfo_callback cb) {
    return p_curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cb);
}
CURLcode pd_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return p_curl_easy_getinfo(h, i, v); }
CURLcode pd_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return p_curl_easy_getinfo(h, i, v); }

CURLMcode pd_curl_multi_cleanup(CURLM *m) { return p_curl_multi_cleanup(m); }
CURLMcode pd_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return p_curl_multi_setopt(m, o, v); }
CURLMcode pd_curl_multi_add_handle(CURLM *m, CURL *h) { return p_curl_multi_add_handle(m, h); }
CURLMcode pd_curl_multi_remove_handle(CURLM *m, CURL *h) { return p_curl_multi_remove_handle(m, h); }
CURLMcode pd_curl_multi_perform(CURLM *m, int *running) { return p_curl_multi_perform(m, running); }
CURLMcode pd_curl_multi_poll(CURLM *m, struct curl_waitfd extra[], unsigned int count, int timeout_ms, int *ret) {
    return p_curl_multi_poll(m, extra, count, timeout_ms, ret);
}
CURLMcode pd_curl_multi_wakeup(CURLM *m) { return p_curl_multi_wakeup(m); }
CURLMsg *pd_curl_multi_info_read(CURLM *m, int *remaining) { return p_curl_multi_info_read(m, remaining); }
const char *pd_curl_multi_strerror(CURLMcode code) {
    return loaded ? p_curl_multi_strerror(code) : "libcurl is not loaded";
}
CURLcode pd_msg_result(const CURLMsg *m) { return m->data.result; }

void pd_curl_slist_free_all(struct curl_slist *list) {
    if (list) p_curl_slist_free_all(list);
}
void pd_curl_free(void *p) {
    if (p) p_curl_free(p);
}

void pd_curl_url_cleanup(CURLU *u) { p_curl_url_cleanup(u); }
CURLUcode pd_curl_url_set(CURLU *u, CURLUPart part, const char *content, unsigned int flags) {
    return p_curl_url_set(u, part, content, flags);
}
CURLUcode pd_curl_url_get(const CURLU *u, CURLUPart part, char **content, unsigned int flags) {
    return p_curl_url_get(u, part, content, flags);
}
const char *pd_curl_url_strerror(CURLUcode code) {
    return loaded ? p_curl_url_strerror(code) : "libcurl is not loaded";
}
