#ifndef PROMPTDECK_CCURL_H
#define PROMPTDECK_CCURL_H
/* The only way Swift reaches libcurl.
 *
 * libcurl is opened with dlopen on first use, not linked: loading it and its ~30 libraries (TLS, Kerberos,
 * LDAP, ...) costs about 6.5 ms at exec, which every command paid, even `--version` and `history list`.
 * Only a command that sends something loads it now. The types and constants still come from curl.h.
 *
 * Every function below is libcurl's function of the same name without the `pd_` (curl_easy_setopt and
 * friends are variadic: Swift needs the typed wrappers). `pd_global_init_all` loads the library and must
 * run first; when it fails, `pd_curl_load_error` says why and the constructors return NULL. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

/* Loads libcurl (once per process) and calls curl_global_init(CURL_GLOBAL_ALL): CURLE_FAILED_INIT when
 * the library or one of its functions could not be found. */
CURLcode pd_global_init_all(void);
/* Why loading failed (dlerror's words), or NULL when libcurl is loaded or was never asked for. */
const char *pd_curl_load_error(void);

CURL *pd_curl_easy_init(void);
void pd_curl_easy_cleanup(CURL *h);
const char *pd_curl_easy_strerror(CURLcode code);
CURLcode pd_easy_setopt_long(CURL *h, CURLoption o, long v);
CURLcode pd_easy_setopt_string(CURL *h, CURLoption o, const char *v);
CURLcode pd_easy_setopt_pointer(CURL *h, CURLoption o, void *v);
CURLcode pd_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v);
CURLcode pd_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v);

typedef size_t (*pd_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*pd_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                                    curl_off_t ulnow);
CURLcode pd_easy_setopt_data_callback(CURL *h, CURLoption o, pd_data_callback cb);
CURLcode pd_easy_setopt_xferinfo_callback(CURL *h, pd_xferinfo_callback cb);
CURLcode pd_easy_getinfo_long(CURL *h, CURLINFO i, long *v);
CURLcode pd_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v);

CURLM *pd_curl_multi_init(void);
CURLMcode pd_curl_multi_cleanup(CURLM *m);
CURLMcode pd_multi_setopt_long(CURLM *m, CURLMoption o, long v);
CURLMcode pd_curl_multi_add_handle(CURLM *m, CURL *h);
CURLMcode pd_curl_multi_remove_handle(CURLM *m, CURL *h);
CURLMcode pd_curl_multi_perform(CURLM *m, int *running);
CURLMcode pd_curl_multi_poll(CURLM *m, struct curl_waitfd extra[], unsigned int count, int timeout_ms, int *ret);
CURLMcode pd_curl_multi_wakeup(CURLM *m);
CURLMsg *pd_curl_multi_info_read(CURLM *m, int *remaining);
const char *pd_curl_multi_strerror(CURLMcode code);
/* The result field of a CURLMsg lives in a union. */
CURLcode pd_msg_result(const CURLMsg *m);

struct curl_slist *pd_curl_slist_append(struct curl_slist *list, const char *line);
void pd_curl_slist_free_all(struct curl_slist *list);
void pd_curl_free(void *p);

CURLU *pd_curl_url(void);
void pd_curl_url_cleanup(CURLU *u);
CURLUcode pd_curl_url_set(CURLU *u, CURLUPart part, const char *content, unsigned int flags);
CURLUcode pd_curl_url_get(const CURLU *u, CURLUPart part, char **content, unsigned int flags);
const char *pd_curl_url_strerror(CURLUcode code);
#endif
