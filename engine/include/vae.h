/* vae.h - the public API of the VAE engine (libvae).
 *
 * Owns: the model (VaeModel: config, layer offsets, one parameter buffer), read through
 * a const pointer with a caller-owned workspace (VaeWork) by the forward pass with its
 * per-example loss terms, the exact backward pass and encode/decode for any batch size;
 * and the training model (Vae: the model plus gradients, Adam moments and the
 * data-parallel step's shards).
 * Must not: call SDL or GL, sleep, lock, print, or exit. Errors are returned as a
 * VaeStatus; vae_last_error() holds a one-line reason for the calling thread.
 *
 * Shapes (row-major, batch-major): x is (B, D), z/mu/logvar are (B, Z).
 * Encoder:  x -> [dense + relu] x H -> dense -> (mu | logvar)     (B, 2Z)
 * Decoder:  z -> [dense + relu] x H (hidden sizes reversed) -> dense -> logits (B, D)
 * Every dense product is one cblas_sgemm over the batch, except the first encoder
 * layer's forward product and weight gradient when at most half of x is non-zero (MNIST:
 * ~19%): those run over x's non-zero entries only (a sparse-times-dense product over a
 * per-batch CSR / CSC of x, plain loops in a fixed order, so the bits are the same on
 * every run; tests/test_forward.c compares both with naive loops). */
#ifndef VAE_H
#define VAE_H

#include <stddef.h>
#include <stdint.h>

#define VAE_MAX_HIDDEN 4
#define VAE_MAX_LATENT 64
#define VAE_MAX_STEP_THREADS 8

typedef enum {
    VAE_OK = 0,
    VAE_ERR_ARG,      /* a bad argument or configuration */
    VAE_ERR_NOMEM,    /* an allocation failed */
    VAE_ERR_IO,       /* a file could not be opened, read or written */
    VAE_ERR_FORMAT,   /* a file is not what it claims to be */
    VAE_ERR_MISMATCH, /* a file is valid but does not fit (shape, version) */
    VAE_ERR_NUMERIC,  /* NaN or Inf appeared */
} VaeStatus;

typedef enum {
    VAE_LIKELIHOOD_BERNOULLI = 0,       /* logits, numerically stable BCE */
    VAE_LIKELIHOOD_GAUSSIAN_FIXED = 1,  /* mean = sigmoid(out), fixed variance */
    VAE_LIKELIHOOD_GAUSSIAN_LEARNED = 2 /* mean = sigmoid(out), learned per-pixel log-variance */
} VaeLikelihood;

typedef struct {
    int input_dim;              /* D, e.g. 784 */
    int n_hidden;               /* 0..VAE_MAX_HIDDEN */
    int hidden[VAE_MAX_HIDDEN]; /* encoder sizes; the decoder mirrors them */
    int latent_dim;             /* Z, 1..VAE_MAX_LATENT */
    VaeLikelihood likelihood;
    float gaussian_logvar; /* fixed decoder log-variance (and init of the learned one) */
    float beta;            /* KL weight in the optimised objective */
    uint64_t seed;         /* parameter initialisation */
} VaeConfig;

/* One dense layer: offsets into the parameter buffer, and sizes. W is (out, in), except
 * in the first encoder layer (transposed = 1), whose W is stored as W^T (in, out): the
 * weights of one input pixel are one contiguous row, which the sparse product reads for
 * each non-zero pixel. Checkpoints store every W as (out, in). */
typedef struct {
    int in, out;
    size_t w, b;    /* offsets of W and b in params/grads */
    int transposed; /* W stored as (in, out) */
} VaeDense;

/* W[o][i] of layer d in a parameter-shaped buffer, whichever way it is stored. */
static inline size_t vae_dense_at(const VaeDense *d, int o, int i) {
    return d->w + (d->transposed ? (size_t)i * (size_t)d->out + (size_t)o : (size_t)o * (size_t)d->in + (size_t)i);
}

/* Per-batch loss terms in nats, averaged over the batch (log-likelihood signs:
 * recon and elbo are usually negative, kl is >= 0). */
typedef struct {
    double recon; /* E_q[log p(x|z)], one reparameterised sample */
    double kl;    /* KL(q(z|x) || N(0, I)), closed form */
    double elbo;  /* recon - kl */
} VaeLoss;

/* The model: configuration, layer layout and one parameter buffer. Inference reads it
 * through a const pointer with a caller-owned workspace (VaeWork), so any number of
 * threads can share one model read-only, each with its own workspace. A model made by
 * vae_model_create / vae_model_clone is reference-counted: vae_model_retain adds a
 * reader, vae_model_release drops one and frees the model with the last. The training
 * model (Vae below) embeds its own and is never released this way. */
typedef struct VaeModel {
    VaeConfig cfg;
    int n_layers; /* per side: n_hidden + 1 */
    VaeDense enc[VAE_MAX_HIDDEN + 1];
    VaeDense dec[VAE_MAX_HIDDEN + 1];
    size_t dec_logvar; /* offset of the learned (D) log-variance, if any */
    size_t n_params;
    int max_width; /* the widest layer side, for the workspace's scratch gradients */
    float *params;
    _Atomic int refs; /* readers of a counted model; 0 for a trainer's embedded one */
} VaeModel;

/* The activations and scratch of one forward (and backward) pass, sized for `capacity`
 * examples of one model shape. Owned by one thread at a time; the model functions grow
 * it when a larger batch or another shape first comes (the only allocation they make). */
typedef struct VaeWork {
    VaeConfig shape; /* the dimensions it was laid out for */
    int capacity, batch;
    float *block;                   /* the one allocation holding every buffer below */
    float *x;                       /* (B, D) a copy of vae_forward's input */
    const float *xin;               /* the last forward pass's input, read by backward */
    float *enc_act[VAE_MAX_HIDDEN]; /* (B, hidden[i]) post-relu */
    float *enc_out;                 /* (B, 2Z) mu | logvar */
    float *eps, *z;                 /* (B, Z) */
    float *dec_act[VAE_MAX_HIDDEN]; /* (B, dec width i) post-relu */
    float *logits;                  /* (B, D) */
    float *recon_ex, *kl_ex;        /* (B) per-example terms */
    float *d_a, *d_b;               /* scratch gradients, (B, max width) each */
    float *d_enc_out;               /* (B, 2Z) */
    float *dz;                      /* (B, Z) dL/dz of the last backward */
    float *dx;                      /* (B, D) dL/dx, filled only when want_dx is set */
    float *dlogits;                 /* (B, D) dL/dlogits */
    /* x's non-zero entries, by rows (CSR) and by columns (CSC), built by the forward
     * pass when the first layer runs sparse (sparse = 1) */
    int sparse, nnz;
    int *row_ptr, *row_col; /* (B + 1), (B * D) */
    float *row_val;         /* (B * D) */
    int *col_ptr, *col_row; /* (D + 1), (B * D) */
    float *col_val;         /* (B * D) */
    int want_dx;
    int loss_batch; /* the batch the loss is a mean over: `batch`, or the whole step's for a shard */
} VaeWork;

/* The training model: the model it trains, its gradients, Adam's moments and the
 * data-parallel step's shards. */
typedef struct Vae {
    VaeModel model;
    float *grads, *adam_m, *adam_v; /* (n_params) each, one allocation with model.params */
    long adam_t;
    VaeWork *work;  /* the training step's (shard 0's) workspace */
    int grads_zero; /* 1 while every gradient is 0 (after Adam): a step's products add onto them */
    int step_threads;
    struct VaeShard *shard[VAE_MAX_STEP_THREADS - 1]; /* shards 1.. (private to vae.c); shard 0 is this model */
} Vae;

typedef struct {
    float lr, beta1, beta2, eps;
    float clip_norm; /* 0 = no clipping of the global gradient norm */
} VaeAdam;

const char *vae_status_to_string(VaeStatus s);
/* The one-line reason for the last failure on this thread. */
const char *vae_last_error(void);
/* Records a reason (printf-style) and returns `s`, for use by engine modules. */
VaeStatus vae_fail(VaeStatus s, const char *fmt, ...);

VaeConfig vae_config_default(void); /* 784-512-256-2, Bernoulli, beta 1, seed 1 */
/* Checks ranges; returns VAE_ERR_ARG with a reason when the config is unusable. */
VaeStatus vae_config_check(const VaeConfig *cfg);
/* Parses "512,256" into cfg->hidden; "" or "none" gives no hidden layer. */
VaeStatus vae_config_parse_hidden(VaeConfig *cfg, const char *list);
/* Writes e.g. "784-512-256-2" into buf. */
void vae_config_describe(const VaeConfig *cfg, char *buf, size_t len);

/* Number of parameters a (checked) config has, without allocating anything. */
size_t vae_config_param_count(const VaeConfig *cfg);

/* ---- the model and its workspace ---- */

/* A counted model (one reader) with parameters initialised from cfg->seed. */
VaeStatus vae_model_create(const VaeConfig *cfg, VaeModel **out);
/* A counted copy (one reader) of src's configuration and parameters. */
VaeStatus vae_model_clone(const VaeModel *src, VaeModel **out);
/* Copies src's parameters and beta into dst (same shape) - e.g. a counted model no one
 * else reads yet. */
VaeStatus vae_model_copy(VaeModel *dst, const VaeModel *src);
/* Adds a reader; returns m. */
const VaeModel *vae_model_retain(const VaeModel *m);
/* Drops a reader; the last one frees the model. NULL is allowed. */
void vae_model_release(const VaeModel *m);
/* The number of readers of a counted model (1: only the caller's). */
int vae_model_readers(const VaeModel *m);
/* Re-initialises the parameters from cfg.seed. */
void vae_model_init_params(VaeModel *m);

/* A workspace for up to max_batch examples of m's shape (it grows on demand); with m
 * NULL an empty one that allocates on first use. */
VaeStatus vae_work_create(const VaeModel *m, int max_batch, VaeWork **out);
void vae_work_free(VaeWork *w);
/* Grows (or re-lays out for another shape) w to hold `batch` examples of m. */
VaeStatus vae_work_reserve(const VaeModel *m, VaeWork *w, int batch);

/* Forward pass over a batch. eps (B, Z) is the reparameterisation noise, drawn by
 * the caller (see rng.h); per-example terms land in w->recon_ex / w->kl_ex. */
VaeStatus vae_forward(const VaeModel *m, VaeWork *w, const float *x, int batch, const float *eps, VaeLoss *mean);
/* The backward pass of w's last forward pass, of the batch-mean loss -(recon - beta KL):
 * adds (+=) the parameter gradient into grads (n_params) unless grads is NULL, and
 * fills w->dz (and w->dx when w->want_dx is set). */
void vae_backward(const VaeModel *m, VaeWork *w, float *grads);
/* mu and logvar (B, Z) of q(z|x); either may be NULL. */
VaeStatus vae_encode(const VaeModel *m, VaeWork *w, const float *x, int batch, float *mu, float *logvar);
/* Decoder logits (B, D) for z (B, Z). */
VaeStatus vae_decode_logits(const VaeModel *m, VaeWork *w, const float *z, int batch, float *logits);
/* Decoder means in [0, 1] (B, D): sigmoid of the logits (both likelihoods). */
VaeStatus vae_decode(const VaeModel *m, VaeWork *w, const float *z, int batch, float *probs);
/* log p(x|z) per example for x (B, D) and decoder logits (B, D). */
void vae_log_likelihood(const VaeModel *m, const float *x, const float *logits, int batch, float *out);

/* ---- training ---- */

VaeStatus vae_create(const VaeConfig *cfg, Vae **out);
void vae_free(Vae *vae);
/* Re-initialises the parameters from cfg.seed and clears gradients and Adam state. */
void vae_init_params(Vae *vae);
/* Copies parameters (and Adam state if with_optimizer) between models of one config. */
VaeStatus vae_copy_params(Vae *dst, const Vae *src, int with_optimizer);
/* Grows the training workspace to hold `batch` examples (no-op if it already does). */
VaeStatus vae_reserve(Vae *vae, int batch);
/* The forward pass on the training workspace, and its backward pass added onto
 * vae->grads (what vae_train_step runs, step by step, for tests and tools). Gradients
 * written any other way must be cleared with vae_zero_grad before the next step. */
VaeStatus vae_train_forward(Vae *vae, const float *x, int batch, const float *eps, VaeLoss *mean);
void vae_train_backward(Vae *vae);
void vae_zero_grad(Vae *vae);
/* Global L2 norm of the gradient; NaN/Inf if any gradient is not finite. */
double vae_grad_norm(const Vae *vae);
VaeAdam vae_adam_default(float lr);
/* One Adam update from vae->grads; it consumes the gradient (leaves it zero). */
void vae_adam_step(Vae *vae, const VaeAdam *opt);

/* Splits each vae_train_step over n threads (1..VAE_MAX_STEP_THREADS; 1, the default,
 * is the serial step): shard k runs the forward and backward pass of its share of the
 * batch's rows, and Adam sums the shards' gradients. The loss is the same mean over the
 * whole batch; the bits differ from the serial step's (the gradient sums group
 * differently) but are the same for every run with the same n. Each shard calls
 * cblas_sgemm from its own thread, so the caller sets OpenBLAS to one thread
 * (openblas_set_num_threads(1)) when n > 1. Batches under 16 rows per shard run serially.
 * Shards 1.. run on n - 1 helper threads started here (they inherit the calling thread's
 * priority) and ended by vae_free or a smaller n. */
VaeStatus vae_set_step_threads(Vae *vae, int n);
/* One training step: zero grads, forward, backward, finiteness check, Adam. It reads x
 * in place (valid for the call). On NaN/Inf returns VAE_ERR_NUMERIC and leaves the
 * parameters as they were. */
VaeStatus vae_train_step(Vae *vae, const float *x, int batch, const float *eps, const VaeAdam *opt, VaeLoss *mean);

#endif
