#ifndef PROMPTDECK_CNCURSESW_SHIM_H
#define PROMPTDECK_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

/* Globals and macros Swift cannot import under strict concurrency. */
static inline WINDOW *pd_stdscr(void) { return stdscr; }
static inline int pd_lines(void) { return LINES; }
static inline int pd_cols(void) { return COLS; }
static inline int pd_colors(void) { return COLORS; }
static inline int pd_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t pd_color_pair(int n) { return COLOR_PAIR(n); }
static inline attr_t pd_a_bold(void) { return A_BOLD; }
static inline attr_t pd_a_underline(void) { return A_UNDERLINE; }
static inline attr_t pd_a_reverse(void) { return A_REVERSE; }
static inline attr_t pd_a_dim(void) { return A_DIM; }
static inline attr_t pd_a_normal(void) { return A_NORMAL; }
static inline int pd_key_f(int n) { return KEY_F(n); }

/* Writes one cell: a grapheme (up to CCHARW_MAX wide characters, NUL-terminated) in attributes and a pair. */
static inline int pd_put_cell(int y, int x, const wchar_t *text, attr_t attrs, int pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, (short)pair, NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

/* Reads one key without waiting: returns OK (character), KEY_CODE_YES (key code) or ERR. */
static inline int pd_read_key(unsigned int *out) {
    wint_t value = 0;
    int result = wget_wch(stdscr, &value);
    *out = (unsigned int)value;
    return result;
}

/* The mouse: button 1 presses and the wheel (buttons 4 and 5), as macros Swift cannot import. */
static inline mmask_t pd_mouse_mask(void) {
    return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}

/* Reads the pending mouse event: 1 left press or click, 4 wheel up, 5 wheel down, 0 other; -1 none. */
static inline int pd_get_mouse(int *row, int *column) {
    MEVENT event;
    if (getmouse(&event) != OK) return -1;
    *row = event.y;
    *column = event.x;
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 4;
    if (event.bstate & BUTTON5_PRESSED) return 5;
    return 0;
}
#endif
