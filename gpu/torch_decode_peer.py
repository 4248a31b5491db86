#!/usr/bin/env python3
"""The PyTorch peer of the decode benchmark (issue 14): the same HF-layout Mixtral-family model
that `janus bench` measured, on the same GPU, decode tokens/s at the same batch sizes, prompt and
decode lengths. Two peers:
  ours          a short bf16 forward of our own (HF semantics: RMSNorm, rotate_half RoPE, GQA with
                a preallocated KV cache, softmax top-k router with renormalisation, SwiGLU experts
                run per expert on their gathered tokens), weights read with safetensors;
  transformers  AutoModelForCausalLM in bf16 with its own KV cache, if transformers is installed.
Greedy decoding from random prompt ids (seed 42), timed with torch.cuda.synchronize() around the
decode steps only (prefill reported apart). Prints one line per (peer, batch)."""
import argparse
import json
import os
import time

import torch
import torch.nn.functional as F
from safetensors.torch import load_file


def load(model_dir, device):
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    weights = {}
    for name in sorted(os.listdir(model_dir)):
        if name.endswith(".safetensors"):
            weights.update(load_file(os.path.join(model_dir, name), device=device))
    return cfg, {k: v.to(torch.bfloat16) for k, v in weights.items()}


class OurMixtral:
    def __init__(self, cfg, w, max_batch, max_len, device):
        self.cfg, self.w = cfg, w
        self.layers = cfg["num_hidden_layers"]
        self.heads = cfg["num_attention_heads"]
        self.kv_heads = cfg["num_key_value_heads"]
        self.hidden = cfg["hidden_size"]
        self.head_dim = cfg.get("head_dim") or self.hidden // self.heads
        self.experts = cfg["num_local_experts"]
        self.top_k = cfg["num_experts_per_tok"]
        self.eps = cfg["rms_norm_eps"]
        inv = 1.0 / (cfg.get("rope_theta", 10000.0) ** (torch.arange(0, self.head_dim, 2, device=device).float() / self.head_dim))
        ang = torch.arange(max_len, device=device).float()[:, None] * inv[None, :]
        emb = torch.cat([ang, ang], dim=-1)
        self.cos, self.sin = emb.cos(), emb.sin()
        shape = (self.layers, max_batch, self.kv_heads, max_len, self.head_dim)
        self.k_cache = torch.zeros(shape, dtype=torch.bfloat16, device=device)
        self.v_cache = torch.zeros(shape, dtype=torch.bfloat16, device=device)

    def norm(self, x, weight):
        xf = x.float()
        return (weight.float() * xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)).to(torch.bfloat16)

    def rope(self, x, pos):  # x [b, h, t, d]; HF rotate_half
        cos, sin = self.cos[pos][None, None], self.sin[pos][None, None]
        half = self.head_dim // 2
        rot = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
        return (x.float() * cos + rot.float() * sin).to(torch.bfloat16)

    def moe(self, x, p):  # x [n, hidden]
        probs = F.softmax(F.linear(x, self.w[p + "gate.weight"]).float(), dim=-1)
        weights, chosen = torch.topk(probs, self.top_k, dim=-1)
        weights = (weights / weights.sum(-1, keepdim=True)).to(torch.bfloat16)
        out = torch.zeros_like(x)
        for e in range(self.experts):
            rows, slot = torch.where(chosen == e)
            if rows.numel() == 0:
                continue
            xe = x[rows]
            h = F.silu(F.linear(xe, self.w[f"{p}experts.{e}.w1.weight"])) * F.linear(xe, self.w[f"{p}experts.{e}.w3.weight"])
            out.index_add_(0, rows, F.linear(h, self.w[f"{p}experts.{e}.w2.weight"]) * weights[rows, slot, None])
        return out

    @torch.no_grad()
    def forward(self, ids, start):  # ids [b, t] at positions start .. start + t
        b, t = ids.shape
        pos = torch.arange(start, start + t, device=ids.device)
        h = self.w["model.embed_tokens.weight"][ids]
        for l in range(self.layers):
            p = f"model.layers.{l}."
            x = self.norm(h, self.w[p + "input_layernorm.weight"])
            q = F.linear(x, self.w[p + "self_attn.q_proj.weight"]).view(b, t, self.heads, self.head_dim).transpose(1, 2)
            k = F.linear(x, self.w[p + "self_attn.k_proj.weight"]).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
            v = F.linear(x, self.w[p + "self_attn.v_proj.weight"]).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
            q, k = self.rope(q, pos), self.rope(k, pos)
            self.k_cache[l, :b, :, start:start + t] = k
            self.v_cache[l, :b, :, start:start + t] = v
            keys = self.k_cache[l, :b, :, :start + t]
            values = self.v_cache[l, :b, :, :start + t]
            attn = F.scaled_dot_product_attention(q, keys, values, is_causal=t > 1 and start == 0,
                                                  enable_gqa=self.heads != self.kv_heads)
            h = h + F.linear(attn.transpose(1, 2).reshape(b, t, -1), self.w[p + "self_attn.o_proj.weight"])
            x = self.norm(h, self.w[p + "post_attention_layernorm.weight"])
            h = h + self.moe(x.view(b * t, -1), p + "block_sparse_moe.").view(b, t, -1)
        head = self.w.get("lm_head.weight", self.w["model.embed_tokens.weight"])  # tied embeddings: no lm_head
        return F.linear(self.norm(h[:, -1], self.w["model.norm.weight"]), head)


def timed(fn):
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    r = fn()
    torch.cuda.synchronize()
    return r, time.perf_counter() - t0


def bench_ours(model, vocab, batch, prompt, steps, device):
    g = torch.Generator(device="cpu").manual_seed(42)
    ids = torch.randint(0, vocab, (batch, prompt), generator=g).to(device)
    logits, prefill = timed(lambda: model.forward(ids, 0))

    def decode():
        nxt = logits.argmax(-1, keepdim=True)
        for s in range(steps):
            nxt = model.forward(nxt, prompt + s).argmax(-1, keepdim=True)
    _, dt = timed(decode)
    return batch * prompt / prefill, batch * steps / dt


def bench_transformers(m, vocab, batch, prompt, steps, device):
    g = torch.Generator(device="cpu").manual_seed(42)
    ids = torch.randint(0, vocab, (batch, prompt), generator=g).to(device)
    with torch.no_grad():
        out, prefill = timed(lambda: m(ids, use_cache=True))

        def decode():
            past, nxt = out.past_key_values, out.logits[:, -1].argmax(-1, keepdim=True)
            for _ in range(steps):
                o = m(nxt, past_key_values=past, use_cache=True)
                past, nxt = o.past_key_values, o.logits[:, -1].argmax(-1, keepdim=True)
        _, dt = timed(decode)
    return batch * prompt / prefill, batch * steps / dt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--batches", default="1,16,64")
    ap.add_argument("--prompt-tokens", type=int, default=32)
    ap.add_argument("--decode-tokens", type=int, default=64)
    a = ap.parse_args()
    device = "cuda"
    print(f"device {torch.cuda.get_device_name(0)}, torch {torch.__version__}")
    cfg, w = load(a.model, device)
    batches = [int(b) for b in a.batches.split(",")]
    print("peer          batch  prefill tok/s  decode tok/s")
    model = OurMixtral(cfg, w, max(batches), a.prompt_tokens + a.decode_tokens + 1, device)
    bench_ours(model, cfg["vocab_size"], batches[0], a.prompt_tokens, a.decode_tokens, device)  # warm-up
    for b in batches:
        p, d = bench_ours(model, cfg["vocab_size"], b, a.prompt_tokens, a.decode_tokens, device)
        print(f"ours          {b:5d}  {p:13.1f}  {d:12.1f}", flush=True)
    del model, w
    torch.cuda.empty_cache()
    try:
        import transformers
        from transformers import AutoModelForCausalLM
    except ImportError:
        print("transformers: not installed")
        return
    m = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.bfloat16).to(device).eval()
    bench_transformers(m, cfg["vocab_size"], batches[0], a.prompt_tokens, a.decode_tokens, device)  # warm-up
    for b in batches:
        p, d = bench_transformers(m, cfg["vocab_size"], b, a.prompt_tokens, a.decode_tokens, device)
        print(f"transformers  {b:5d}  {p:13.1f}  {d:12.1f}  ({transformers.__version__})", flush=True)


if __name__ == "__main__":
    main()
