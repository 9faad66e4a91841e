/* strings.c - the English string table (complete) and the language switch.
 *
 * Owns: strings_en[], the current language, tr(). Help-overlay entries are
 * "keys\tdescription"; the keys part names keyboard keys and is not translated.
 * Must not: call SDL or GL. */
#include "strings.h"

#include <stdlib.h>
#include <string.h>

const char *const strings_en[STR_COUNT] = {
    [STR_APP_TITLE] = "VAE Explorer",
    [STR_STATUS_LOADING] = "Loading %s ...",
    [STR_STATUS_TRAINING] = "Training",
    [STR_STATUS_PAUSED] = "Paused",
    [STR_STATUS_ERROR] = "Stopped",
    [STR_EPOCH] = "Epoch %d",
    [STR_STEP] = "step %ld",
    [STR_SAMPLES_PER_S] = "%.0f samples/s",
    [STR_PANEL_PLOT] = "Training objective (nats per image)",
    [STR_PANEL_MAP] = "Latent space",
    [STR_PANEL_DECODED] = "Decoded at cursor",
    [STR_PANEL_INPUT] = "Your image",
    [STR_PANEL_CONTROLS] = "Controls",
    [STR_LEGEND_RECON] = "reconstruction E[log p(x|z)]",
    [STR_LEGEND_KL] = "KL(q(z|x) || p(z))",
    [STR_LEGEND_ELBO] = "ELBO",
    [STR_LEGEND_TEST] = "test set (per epoch)",
    [STR_LEGEND_RECON_SHORT] = "recon",
    [STR_LEGEND_KL_SHORT] = "KL",
    [STR_LEGEND_TEST_SHORT] = "test",
    [STR_AXIS_STEP] = "training step",
    [STR_AXIS_NATS] = "nats",
    [STR_AXIS_NATS_LOG] = "|nats| (log)",
    [STR_PLOT_EMPTY] = "The curves appear after the first training steps.",
    [STR_PLOT_HOVER] = "step %ld   recon %.1f   KL %.2f   ELBO %.1f",
    [STR_PLOT_HOVER_TEST] = "test, epoch %d   recon %.1f   KL %.2f   ELBO %.1f",
    [STR_SCALE_LINEAR] = "linear",
    [STR_SCALE_LOG] = "log",
    [STR_MAP_HINT] = "drag: decode   right-drag: pan   wheel: zoom   click a dot: pick",
    [STR_MAP_EMPTY] = "The test encodings appear here once the model is ready.",
    [STR_MAP_DIMS] = "showing z%d (x) and z%d (y)",
    [STR_MAP_OTHER_DIMS] = "other dimensions",
    [STR_MAP_PRIOR] = "prior N(0, I): 1, 2, 3 sigma",
    [STR_MAP_SCATTER_INFO] = "dots: means of q(z|x) for %d test images, encoded at step %ld",
    [STR_DECODED_AT] = "z = (%.2f, %.2f)",
    [STR_DECODED_HINT] = "Press and drag on the map to decode any point.",
    [STR_DROP_HINT] = "Drop a PNG, JPEG or BMP image of a digit on the window, or click a dot on the map.",
    [STR_DROP_ORIGINAL] = "original",
    [STR_DROP_INPUT] = "28 x 28 input",
    [STR_DROP_RECON] = "reconstruction",
    [STR_DROP_POSTERIOR] = "q(z|x): mean (%.2f, %.2f), sigma (%.2f, %.2f)",
    [STR_DROP_PICKED] = "test image #%d (%s)",
    [STR_DROP_FAILED] = "Cannot use \"%s\": %s",
    [STR_BTN_PLAY] = "Play",
    [STR_BTN_PAUSE] = "Pause",
    [STR_BTN_STEP] = "Step",
    [STR_BTN_RESET] = "Reset",
    [STR_BTN_SAVE] = "Save model",
    [STR_BTN_OPEN] = "Open model",
    [STR_BTN_SHOT] = "Screenshot",
    [STR_BTN_HELP] = "Keys (?)",
    [STR_BTN_MANIFOLD] = "Manifold",
    [STR_BTN_LOG] = "Log scale",
    [STR_BTN_APPLY] = "Restart",
    [STR_BTN_CANCEL] = "Cancel",
    [STR_BTN_OK] = "OK",
    [STR_BTN_FOLDER] = "Folder...",
    [STR_LBL_LR] = "learning rate",
    [STR_LBL_BETA] = "beta (KL weight)",
    [STR_LBL_BATCH] = "batch size",
    [STR_LBL_LATENT] = "latent size",
    [STR_LBL_HIDDEN] = "hidden layers",
    [STR_LBL_DATASET] = "dataset",
    [STR_LBL_MODEL] = "model",
    [STR_DATA_MNIST] = "MNIST",
    [STR_DATA_FASHION] = "Fashion",
    [STR_DATA_FOLDER] = "Folder",
    [STR_PENDING_RESTART] = "Restart needed: %s",
    [STR_CONFIRM_RESTART] = "Restart training with the model %s? The current training is lost.",
    [STR_CONFIRM_DATASET] = "Restart training on %s? The current training is lost.",
    [STR_KEY_TEACH] = "Tab\tteaching views on / off",
    [STR_KEY_TEACH_TABS] = "1 - 7, E\tteaching view; E: new prior samples",
    [STR_KEY_LESSON] = "L\tlesson mode (projector layout)",
    [STR_KEY_LESSON_SAVE] = "Ctrl+L\tsave this setup as a lesson file",
    [STR_AUTOSAVE_KEYS] = "Enter: resume    Esc: start fresh",
    [STR_BTN_RESUME] = "Resume",
    [STR_CONFIRM_AUTOSAVE] = "Your last session was autosaved after epoch %d (%s). Resume it? (Cancel keeps it as "
                             "autosave-previous.vaeckpt and starts fresh.)",
    [STR_CONFIRM_KEYS] = "Enter: restart     Esc: cancel",
    [STR_PROMPT_SAVE] = "Save the model to this file:",
    [STR_PROMPT_OPEN] = "Open the model in this file:",
    [STR_PROMPT_FOLDER] = "Train on the MNIST-format files in this folder:",
    [STR_PROMPT_KEYS] = "Enter: confirm     Esc: cancel",
    [STR_HELP_TITLE] = "Keyboard and mouse",
    [STR_HELP_CLOSE] = "Press ? or F1 or Esc to close",
    [STR_KEY_PLAY] = "Space\tplay / pause training",
    [STR_KEY_STEP] = "S\tone training step",
    [STR_KEY_RESET] = "R\treset (same seed, same run)",
    [STR_KEY_LR] = "[  ]\tlearning rate down / up",
    [STR_KEY_BETA] = "B  Shift+B\tbeta down / up",
    [STR_KEY_BATCH] = "N  Shift+N\tbatch size down / up",
    [STR_KEY_LATENT] = "Z  Shift+Z\tlatent size down / up (restarts)",
    [STR_KEY_HIDDEN] = "H\tnext hidden layer sizes (restarts)",
    [STR_KEY_DATASET] = "D\tother dataset, MNIST or Fashion (restarts)",
    [STR_KEY_FOLDER] = "Shift+D\ttrain on a folder",
    [STR_KEY_SAVE] = "Ctrl+S\tsave the model",
    [STR_KEY_OPEN] = "Ctrl+O\topen a model",
    [STR_KEY_SHOT] = "F12  P\tsave a screenshot (PNG)",
    [STR_KEY_MANIFOLD] = "M\tshow decoded digits under the map",
    [STR_KEY_LOG] = "G\tplot: linear / log scale",
    [STR_KEY_VIEW] = "Home  C\tcentre the map",
    [STR_KEY_CURSOR] = "Arrows\tmove the decode cursor",
    [STR_KEY_DIMS] = "X  Y\tnext latent dimension on the x / y axis",
    [STR_KEY_SLIDER] = "V  PgUp  PgDn\tpick and move an other-dimension slider",
    [STR_KEY_CLEAR] = "Backspace\tclear the selected image",
    [STR_KEY_SCALE] = "+  -  0\tinterface larger / smaller / default",
    [STR_KEY_FULLSCREEN] = "F11\tfull screen",
    [STR_KEY_PAGES] = "F6\tnext page (a small window shows one at a time)",
    [STR_KEY_THEME] = "T\tdark / light theme",
    [STR_KEY_LANG] = "F2\tlanguage: English / Korean",
    [STR_KEY_HELP] = "?  F1\tthis help",
    [STR_KEY_QUIT] = "Ctrl+Q\tquit",
    [STR_MOUSE_DRAG] = "Left drag on map\tdecode at the cursor",
    [STR_MOUSE_PAN] = "Right or middle drag\tpan the map",
    [STR_MOUSE_ZOOM] = "Wheel\tzoom the map",
    [STR_MOUSE_PICK] = "Click a dot\tselect that test image",
    [STR_MOUSE_DROP] = "Drop a file\tencode your own image",
    [STR_MSG_SAVED] = "Saved the model to %s",
    [STR_MSG_SAVE_FAILED] = "Could not save the model: %s",
    [STR_MSG_OPENED] = "Opened the model %s",
    [STR_MSG_OPEN_FAILED] = "Could not open the model: %s",
    [STR_MSG_SHOT] = "Screenshot saved to %s",
    [STR_MSG_SHOT_FAILED] = "Could not write the screenshot %s",
    [STR_MSG_DATA_FAILED] = "Could not load the data: %s",
    [STR_MSG_NO_DATA] = "No MNIST data found. Run: vae-explorer data fetch (in a checkout: scripts/setup.sh), set "
                        "VAE_DATA_DIR, or press Shift+D to pick a folder.",
    [STR_MSG_AUTOSAVE_FAILED] = "Autosave failed: %s",
    [STR_MSG_NAN] = "A step gave NaN/Inf and was skipped (%s so far); the weights were kept.",
    [STR_MSG_RESET] = "Training reset (same seed)",
    [STR_MSG_LANG] = "Language: English",
    [STR_MSG_NO_KO_FONT] = "No Korean font (fonts-nanum) found; staying in English.",
    [STR_MSG_QUEUE_FULL] = "The training thread is busy and did not take that request: try again.",
    [STR_PAGE_PLOT] = "ELBO",
    [STR_PANEL_PLOT_SHORT] = "Objective (nats)",
    [STR_ABOUT_LINE] = "VAE Explorer %s. OpenBLAS %s, kernel %s (%s).",
    [STR_KERNEL_WHY_OWN] = "OpenBLAS's own detection",
    [STR_KERNEL_WHY_STATIC] = "this OpenBLAS build has one kernel",
    [STR_KERNEL_WHY_ENV] = "OPENBLAS_CORETYPE set in the environment",
    [STR_KERNEL_WHY_CHOSEN] = "chosen: OpenBLAS's own detection gave %s on this CPU",
    [STR_KERNEL_WHY_FALLBACK] = "OpenBLAS's own detection: the chosen %s failed its self-check",
    [STR_KERNEL_WHY_EXEC] = "OpenBLAS's own detection: restarting with %s failed",
    [STR_PANEL_DECODED_SHORT] = "Decoded",
    [STR_PAGE_CONTROLS] = "Controls",
    [STR_PAGE_MAP] = "Latent",
    [STR_PAGE_IMAGE] = "Image",
    [STR_MSG_RESTARTED] = "Training restarted: %s",
    [STR_FASHION_0] = "T-shirt/top",
    [STR_FASHION_1] = "Trouser",
    [STR_FASHION_2] = "Pullover",
    [STR_FASHION_3] = "Dress",
    [STR_FASHION_4] = "Coat",
    [STR_FASHION_5] = "Sandal",
    [STR_FASHION_6] = "Shirt",
    [STR_FASHION_7] = "Sneaker",
    [STR_FASHION_8] = "Bag",
    [STR_FASHION_9] = "Ankle boot",
    /* teaching views (issue 4; app/teach_*.c) */
    [STR_TEACH_BTN] = "Teach",
    [STR_TEACH_LESSON_BTN] = "Lesson",
    [STR_TEACH_TAB_1] = "1 Posterior",
    [STR_TEACH_TAB_2] = "2 Identity",
    [STR_TEACH_TAB_3] = "3 Sampling",
    [STR_TEACH_TAB_4] = "4 Beta",
    [STR_TEACH_TAB_5] = "5 Aggregate",
    [STR_TEACH_TAB_6] = "6 Amortise",
    [STR_TEACH_TAB_7] = "7 Walks",
    [STR_TEACH_CAP_1] = "Colours: the true posterior p(z|x) ∝ p(x|z) p(z). White ellipses: the encoder's guess q(z|x). "
                        "Where they differ is the gap.",
    [STR_TEACH_CAP_2] =
        "log p(x) = ELBO + KL(q(z|x) ‖ p(z|x)): the ELBO never exceeds log p(x); the gap is how wrong q is.",
    [STR_TEACH_CAP_3] = "Estimating p(x) by sampling: z drawn from the prior almost never explains x; z drawn from "
                        "q(z|x) does (importance sampling).",
    [STR_TEACH_CAP_4] = "β weighs the KL term: small β buys sharper reconstructions with more nats of code (rate); "
                        "large β pushes the codes to the prior.",
    [STR_TEACH_CAP_5] = "Aggregate posterior: the average of q(z|x) over test images, beside the prior N(0, I). Same "
                        "colour scale; prior mass the data never uses decodes to blur.",
    [STR_TEACH_CAP_6] =
        "Amortisation gap: one encoder serves every image. Optimising this image's own μ and σ gives a better ELBO.",
    [STR_TEACH_CAP_7] =
        "Walks: decode points on the straight line between two images' codes, and fresh samples z ~ p(z).",
    [STR_TEACH_NO_SEL] = "Drop an image on the window or click a dot on the map to select one.",
    [STR_TEACH_NEED_2D] = "This view needs a 2-D latent space (press Z to set the latent size to 2).",
    [STR_TEACH_WAIT] = "Computing ...",
    [STR_TEACH_LOG_PX] = "log p(x)",
    [STR_TEACH_ELBO] = "ELBO",
    [STR_TEACH_RECON] = "reconstruction E_q[log p(x|z)]",
    [STR_TEACH_KL] = "KL(q(z|x) ‖ p(z))",
    [STR_TEACH_GAP] = "gap KL(q(z|x) ‖ p(z|x))",
    [STR_TEACH_ROW_THIS] = "This image (nats)",
    [STR_TEACH_ROW_BATCH] = "Mean of %d test images (nats)",
    [STR_TEACH_BAR_ELBO] = "−ELBO = −recon + KL",
    [STR_TEACH_BAR_LOGPX] = "−ELBO = −log p(x) + gap",
    [STR_TEACH_HIST_TITLE] = "Over training: mean of %d test images",
    [STR_TEACH_HIST_GAP] = "gap (nats)",
    [STR_TEACH_AXIS_N] = "samples N (log scale)",
    [STR_TEACH_AXIS_EST] = "estimated log p(x)",
    [STR_TEACH_LEG_NAIVE] = "naive: z ~ p(z)",
    [STR_TEACH_LEG_IW] = "importance: z ~ q(z|x)",
    [STR_TEACH_LEG_QUAD] = "exact (quadrature)",
    [STR_TEACH_EST_NOTE] = "bars: ±1 sd over %d repeats (3 for N ≥ 3000)",
    [STR_TEACH_RATE] = "rate: KL (nats)",
    [STR_TEACH_DISTORTION] = "distortion: −E[log p(x|z)]",
    [STR_TEACH_LEG_TRAIN] = "training run",
    [STR_TEACH_LEG_TEST] = "test, per epoch",
    [STR_TEACH_ISO] = "dashed: equal ELBO",
    [STR_TEACH_BETA_NOW] = "β = %.2f",
    [STR_TEACH_AGG_TITLE] = "aggregate q(z), n = %d",
    [STR_TEACH_PRIOR_TITLE] = "prior p(z) = N(0, I)",
    [STR_TEACH_AM_ENC] = "encoder's q(z|x)",
    [STR_TEACH_AM_OPT] = "optimised q",
    [STR_TEACH_AM_GAP] = "amortisation gap: %.2f nats",
    [STR_TEACH_AM_APPROX] = "left to log p(x) (Gaussian q): %.2f nats",
    [STR_TEACH_AM_LEGEND] = "solid: encoder's q   dashed: optimised q",
    [STR_TEACH_WALK_TITLE] = "From the previous image to the current one",
    [STR_TEACH_WALK_NEED] = "Select two images, one after the other, to walk between them.",
    [STR_TEACH_SAMPLES_TITLE] = "Fresh samples z ~ N(0, I)",
    [STR_TEACH_BTN_RESAMPLE] = "New samples (E)",
    [STR_TEACH_EQUATION] = "log p(x)  =  ELBO  +  KL(q(z|x) ‖ p(z|x))",
    [STR_TEACH_TIMING] = "heatmap %.0f ms, quadrature %.0f ms, model at step %ld",
    [STR_TEACH_MSG_LESSON_SAVED] = "Lesson saved to %s",
    [STR_TEACH_MSG_LESSON_FAILED] = "Cannot use the lesson file %s",
    [STR_TEACH_MSG_LESSON_OPENED] = "Lesson %s opened",
    [STR_TEACH_KEYS] = "Tab: teach   1-7: views   L: lesson   Ctrl+L: save lesson   E: new samples",
};

static UiLang current_lang = LANG_EN;

static const char *const *table_for(UiLang lang) { return lang == LANG_KO ? strings_ko : strings_en; }

const char *tr_lang(UiLang lang, StrId id) {
    if ((int)id < 0 || id >= STR_COUNT || (int)lang < 0 || lang >= LANG_COUNT) return NULL;
    return table_for(lang)[id];
}

const char *tr(StrId id) {
    const char *s = tr_lang(current_lang, id);
    if (!s) s = tr_lang(LANG_EN, id);
    return s ? s : "?";
}

void ui_lang_set(UiLang lang) {
    if ((int)lang >= 0 && lang < LANG_COUNT) current_lang = lang;
}

UiLang ui_lang_get(void) { return current_lang; }

int ui_lang_parse(const char *name) {
    if (!name || !*name) return -1;
    if (strncmp(name, "ko", 2) == 0) return LANG_KO;
    if (strncmp(name, "en", 2) == 0 || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0) return LANG_EN;
    return -1;
}

UiLang ui_lang_from_env(void) {
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return ui_lang_parse(v) == LANG_KO ? LANG_KO : LANG_EN;
    }
    return LANG_EN;
}
