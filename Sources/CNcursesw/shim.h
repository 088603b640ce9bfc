#ifndef PROMPTDECK_CNCURSESW_SHIM_H
#define PROMPTDECK_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncursesw/ncurses.h>

/* Globals and macros Swift cannot import under strict concurrency. */
static inline WINDOW *pd_stdscr(void) { return stdscr; }
static inline int pd_lines(void) { return LINES; }
static inline int pd_cols(void) { return COLS; }
static inline int pd_colors(void) { return COLORS; }
static inline attr_t pd_color_pair(int n) { return COLOR_PAIR(n); }
static inline attr_t pd_a_bold(void) { return A_BOLD; }
static inline attr_t pd_a_underline(void) { return A_UNDERLINE; }
static inline attr_t pd_a_reverse(void) { return A_REVERSE; }
static inline attr_t pd_a_dim(void) { return A_DIM; }
#endif
