// Wide-character ncurses: without this define mvaddwstr and wchar_t input are missing.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/ncurses.h>

// Macros and globals Swift cannot see directly.
static inline int factory_lines(void) { return LINES; }
static inline int factory_cols(void) { return COLS; }
static inline WINDOW *factory_stdscr(void) { return stdscr; }
static inline int factory_color_pair(int n) { return COLOR_PAIR(n); }
static inline int factory_a_bold(void) { return A_BOLD; }
static inline int factory_a_reverse(void) { return A_REVERSE; }
static inline int factory_a_dim(void) { return A_DIM; }
