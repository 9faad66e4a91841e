/* strings.h - every string the window shows, by key, in one table per language.
 *
 * Owns: the StrId keys, the current UI language, tr(). Tables live in strings.c
 * (English, complete) and strings_ko.c (Korean; a missing entry falls back to
 * English). Strings are UTF-8; some are printf formats (noted by "fmt").
 * Must not: call SDL or GL; it is plain data plus a lookup. */
#ifndef VAE_STRINGS_H
#define VAE_STRINGS_H

typedef enum { LANG_EN = 0, LANG_KO = 1, LANG_COUNT } UiLang;

typedef enum {
    STR_APP_TITLE,
    STR_STATUS_LOADING, /* fmt: %s what is being loaded */
    STR_STATUS_TRAINING,
    STR_STATUS_PAUSED,
    STR_STATUS_ERROR,
    STR_EPOCH,         /* fmt: %d */
    STR_STEP,          /* fmt: %ld */
    STR_SAMPLES_PER_S, /* fmt: %.0f */
    STR_PANEL_PLOT,
    STR_PANEL_MAP,
    STR_PANEL_DECODED,
    STR_PANEL_INPUT,
    STR_PANEL_CONTROLS,
    STR_LEGEND_RECON,
    STR_LEGEND_KL,
    STR_LEGEND_ELBO,
    STR_LEGEND_TEST,
    STR_LEGEND_RECON_SHORT,
    STR_LEGEND_KL_SHORT,
    STR_LEGEND_TEST_SHORT,
    STR_AXIS_STEP,
    STR_AXIS_NATS,
    STR_AXIS_NATS_LOG,
    STR_PLOT_EMPTY,
    STR_PLOT_HOVER,      /* fmt: step %ld, recon, kl, elbo */
    STR_PLOT_HOVER_TEST, /* fmt: epoch %d, recon, kl, elbo */
    STR_SCALE_LINEAR,
    STR_SCALE_LOG,
    STR_MAP_HINT,
    STR_MAP_EMPTY,
    STR_MAP_DIMS, /* fmt: x dim %d, y dim %d */
    STR_MAP_OTHER_DIMS,
    STR_MAP_PRIOR,
    STR_MAP_SCATTER_INFO, /* fmt: %d points, %ld step */
    STR_DECODED_AT,       /* fmt: z = (%.2f, %.2f) */
    STR_DECODED_HINT,
    STR_DROP_HINT,
    STR_DROP_ORIGINAL,
    STR_DROP_INPUT,
    STR_DROP_RECON,
    STR_DROP_POSTERIOR, /* fmt: mu, sigma */
    STR_DROP_PICKED,    /* fmt: %d index, %s class */
    STR_DROP_FAILED,    /* fmt: %s file name, %s reason */
    STR_BTN_PLAY,
    STR_BTN_PAUSE,
    STR_BTN_STEP,
    STR_BTN_RESET,
    STR_BTN_SAVE,
    STR_BTN_OPEN,
    STR_BTN_SHOT,
    STR_BTN_HELP,
    STR_BTN_MANIFOLD,
    STR_BTN_LOG,
    STR_BTN_APPLY,
    STR_BTN_CANCEL,
    STR_BTN_OK,
    STR_BTN_FOLDER,
    STR_LBL_LR,
    STR_LBL_BETA,
    STR_LBL_BATCH,
    STR_LBL_LATENT,
    STR_LBL_HIDDEN,
    STR_LBL_DATASET,
    STR_LBL_MODEL,
    STR_DATA_MNIST,
    STR_DATA_FASHION,
    STR_DATA_FOLDER,
    STR_PENDING_RESTART,  /* fmt: %s description */
    STR_CONFIRM_RESTART,  /* fmt: %s description */
    STR_CONFIRM_DATASET,  /* fmt: %s dataset */
    STR_CONFIRM_AUTOSAVE, /* fmt: %d epoch, %s date and time */
    STR_AUTOSAVE_KEYS,
    STR_KEY_TEACH,
    STR_KEY_TEACH_TABS,
    STR_KEY_LESSON,
    STR_KEY_LESSON_SAVE,
    STR_BTN_RESUME,
    STR_CONFIRM_KEYS,
    STR_PROMPT_SAVE,
    STR_PROMPT_OPEN,
    STR_PROMPT_FOLDER,
    STR_PROMPT_KEYS,
    STR_HELP_TITLE,
    STR_HELP_CLOSE,
    STR_KEY_PLAY,
    STR_KEY_STEP,
    STR_KEY_RESET,
    STR_KEY_LR,
    STR_KEY_BETA,
    STR_KEY_BATCH,
    STR_KEY_LATENT,
    STR_KEY_HIDDEN,
    STR_KEY_DATASET,
    STR_KEY_FOLDER,
    STR_KEY_SAVE,
    STR_KEY_OPEN,
    STR_KEY_SHOT,
    STR_KEY_MANIFOLD,
    STR_KEY_LOG,
    STR_KEY_VIEW,
    STR_KEY_CURSOR,
    STR_KEY_DIMS,
    STR_KEY_SLIDER,
    STR_KEY_CLEAR,
    STR_KEY_SCALE,
    STR_KEY_FULLSCREEN,
    STR_KEY_PAGES,
    STR_KEY_THEME,
    STR_KEY_LANG,
    STR_KEY_HELP,
    STR_KEY_QUIT,
    STR_MOUSE_DRAG,
    STR_MOUSE_PAN,
    STR_MOUSE_ZOOM,
    STR_MOUSE_PICK,
    STR_MOUSE_DROP,
    STR_MSG_SAVED,       /* fmt: %s path */
    STR_MSG_SAVE_FAILED, /* fmt: %s reason */
    STR_MSG_OPENED,      /* fmt: %s path */
    STR_MSG_OPEN_FAILED, /* fmt: %s reason */
    STR_MSG_SHOT,        /* fmt: %s path */
    STR_MSG_SHOT_FAILED, /* fmt: %s path */
    STR_MSG_DATA_FAILED, /* fmt: %s reason */
    STR_MSG_NO_DATA,
    STR_MSG_NAN,             /* fmt: %s skipped steps */
    STR_MSG_AUTOSAVE_FAILED, /* fmt: %s reason */
    STR_MSG_RESET,
    STR_MSG_LANG,
    STR_MSG_NO_KO_FONT,
    STR_MSG_QUEUE_FULL,
    STR_PAGE_PLOT,
    STR_PANEL_PLOT_SHORT,
    STR_ABOUT_LINE,
    STR_KERNEL_WHY_OWN,
    STR_KERNEL_WHY_STATIC,
    STR_KERNEL_WHY_ENV,
    STR_KERNEL_WHY_CHOSEN,
    STR_KERNEL_WHY_FALLBACK,
    STR_KERNEL_WHY_EXEC,
    STR_PANEL_DECODED_SHORT,
    STR_PAGE_CONTROLS,
    STR_PAGE_MAP,
    STR_PAGE_IMAGE,
    STR_MSG_RESTARTED, /* fmt: %s config */
    STR_FASHION_0,
    STR_FASHION_1,
    STR_FASHION_2,
    STR_FASHION_3,
    STR_FASHION_4,
    STR_FASHION_5,
    STR_FASHION_6,
    STR_FASHION_7,
    STR_FASHION_8,
    STR_FASHION_9,
    /* teaching views (issue 4; app/teach_*.c) */
    STR_TEACH_BTN,
    STR_TEACH_LESSON_BTN,
    STR_TEACH_TAB_1,
    STR_TEACH_TAB_2,
    STR_TEACH_TAB_3,
    STR_TEACH_TAB_4,
    STR_TEACH_TAB_5,
    STR_TEACH_TAB_6,
    STR_TEACH_TAB_7,
    STR_TEACH_CAP_1,
    STR_TEACH_CAP_2,
    STR_TEACH_CAP_3,
    STR_TEACH_CAP_4,
    STR_TEACH_CAP_5,
    STR_TEACH_CAP_6,
    STR_TEACH_CAP_7,
    STR_TEACH_NO_SEL,
    STR_TEACH_NEED_2D,
    STR_TEACH_WAIT,
    STR_TEACH_LOG_PX,
    STR_TEACH_ELBO,
    STR_TEACH_RECON,
    STR_TEACH_KL,
    STR_TEACH_GAP,
    STR_TEACH_ROW_THIS,
    STR_TEACH_ROW_BATCH,
    STR_TEACH_BAR_ELBO,
    STR_TEACH_BAR_LOGPX,
    STR_TEACH_HIST_TITLE,
    STR_TEACH_HIST_GAP,
    STR_TEACH_AXIS_N,
    STR_TEACH_AXIS_EST,
    STR_TEACH_LEG_NAIVE,
    STR_TEACH_LEG_IW,
    STR_TEACH_LEG_QUAD,
    STR_TEACH_EST_NOTE,
    STR_TEACH_RATE,
    STR_TEACH_DISTORTION,
    STR_TEACH_LEG_TRAIN,
    STR_TEACH_LEG_TEST,
    STR_TEACH_ISO,
    STR_TEACH_BETA_NOW,
    STR_TEACH_AGG_TITLE,
    STR_TEACH_PRIOR_TITLE,
    STR_TEACH_AM_ENC,
    STR_TEACH_AM_OPT,
    STR_TEACH_AM_GAP,
    STR_TEACH_AM_APPROX,
    STR_TEACH_AM_LEGEND,
    STR_TEACH_WALK_TITLE,
    STR_TEACH_WALK_NEED,
    STR_TEACH_SAMPLES_TITLE,
    STR_TEACH_BTN_RESAMPLE,
    STR_TEACH_EQUATION,
    STR_TEACH_TIMING,
    STR_TEACH_MSG_LESSON_SAVED,
    STR_TEACH_MSG_LESSON_FAILED,
    STR_TEACH_MSG_LESSON_OPENED,
    STR_TEACH_KEYS,
    STR_COUNT
} StrId;

/* The string for `id` in the current language (English when the entry is missing). */
const char *tr(StrId id);
/* The entry of one table, or NULL when that language lacks it (for tests). */
const char *tr_lang(UiLang lang, StrId id);
void ui_lang_set(UiLang lang);
UiLang ui_lang_get(void);
/* "ko" / "en" (also "ko_KR.UTF-8" etc.); returns -1 when unknown. */
int ui_lang_parse(const char *name);
/* The language of the environment: LC_ALL, then LC_MESSAGES, then LANG. */
UiLang ui_lang_from_env(void);

/* The per-language tables (STR_COUNT entries each; NULL = missing). */
extern const char *const strings_en[STR_COUNT];
extern const char *const strings_ko[STR_COUNT];

#endif
