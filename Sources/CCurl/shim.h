#ifndef PROMPTDECK_CCURL_SHIM_H
#define PROMPTDECK_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt and friends are variadic: Swift needs typed wrappers. */
static inline CURLcode pd_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pd_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pd_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pd_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pd_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }

typedef size_t (*pd_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*pd_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode pd_easy_setopt_data_callback(CURL *h, CURLoption o, pd_data_callback cb) { return curl_easy_setopt(h, o, cb); }
static inline CURLcode pd_easy_setopt_xferinfo_callback(CURL *h, pd_xferinfo_callback cb) { return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cb); }

static inline CURLcode pd_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode pd_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLMcode pd_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }

/* CURL_GLOBAL_ALL is a macro expression Swift does not import. */
static inline CURLcode pd_global_init_all(void) { return curl_global_init(CURL_GLOBAL_ALL); }
/* The result field of a CURLMsg lives in a union. */
static inline CURLcode pd_msg_result(const CURLMsg *m) { return m->data.result; }
#endif
