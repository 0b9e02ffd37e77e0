// PyTorch's recurrent cells (torch.nn.RNN/LSTM/GRU documentation's equations), forward and
// backward, on K columns at once.
#include "core/rnn_cells.h"

#include <algorithm>
#include <cmath>

namespace hw4::core::rnn_detail {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;

MatrixXd sigmoid(const MatrixXd& a) { return (1.0 + (-a.array()).exp()).inverse().matrix(); }

// One step of the cell from the input-side and hidden-side pre-activations (G·H × K):
// rnn h' = act(ih + hh); lstm c' = f⊙c + i⊙g, h' = o⊙tanh(c'); gru
// n = tanh(ih_n + r⊙hh_n), h' = (1 − z)⊙n + z⊙h. Writes the activated gates and gru's hh_n
// when asked for (the trace).
void cell_step(CellKind cell, Index hidden, const MatrixXd& ih, const MatrixXd& hh, MatrixXd& h,
               MatrixXd& c, MatrixXd* gates, MatrixXd* hidden_n) {
  const Index H = hidden;
  switch (cell) {
    case CellKind::kRnnTanh:
      h = (ih + hh).array().tanh().matrix();
      return;
    case CellKind::kRnnRelu:
      h = (ih + hh).cwiseMax(0.0);
      return;
    case CellKind::kLstm: {
      const MatrixXd a = ih + hh;
      const MatrixXd i = sigmoid(a.topRows(H));
      const MatrixXd f = sigmoid(a.middleRows(H, H));
      const MatrixXd g = a.middleRows(2 * H, H).array().tanh().matrix();
      const MatrixXd o = sigmoid(a.bottomRows(H));
      c = (f.array() * c.array() + i.array() * g.array()).matrix();
      h = (o.array() * c.array().tanh()).matrix();
      if (gates) {
        gates->resize(4 * H, a.cols());
        *gates << i, f, g, o;
      }
      return;
    }
    case CellKind::kGru: {
      const MatrixXd r = sigmoid(ih.topRows(H) + hh.topRows(H));
      const MatrixXd z = sigmoid(ih.middleRows(H, H) + hh.middleRows(H, H));
      const MatrixXd n =
          (ih.bottomRows(H).array() + r.array() * hh.bottomRows(H).array()).tanh().matrix();
      h = ((1.0 - z.array()) * n.array() + z.array() * h.array()).matrix();
      if (gates) {
        gates->resize(3 * H, ih.cols());
        *gates << r, z, n;
      }
      if (hidden_n) *hidden_n = hh.bottomRows(H);
      return;
    }
  }
}

// The loss tap of processed step k: its weights, or null.
const Eigen::VectorXd* tap(const Direction& d, Index k, Index steps) {
  const bool last = d.position(k, steps) == steps - 1;
  if (!last && !d.taps.every_step) return nullptr;
  return &d.taps.last;
}

}  // namespace

double forward(const Direction& d, const Eigen::MatrixXd& inputs, Trace& trace) {
  const CellWeights& w = *d.weights;
  const Index H = w.weight_hh.cols(), T = inputs.cols();
  const bool lstm = d.cell == CellKind::kLstm, gru = d.cell == CellKind::kGru;
  // All input-side pre-activations in one product.
  MatrixXd ih_all = w.weight_ih * inputs;
  ih_all.colwise() += w.bias_ih;
  trace.h.resize(H, T + 1);
  trace.h.col(0) = d.h0;
  if (lstm) {
    trace.c.resize(H, T + 1);
    trace.c.col(0) = d.c0;
  }
  if (lstm || gru) trace.gates.resize(w.weight_ih.rows(), T);
  if (gru) trace.hidden_n.resize(H, T);
  MatrixXd h = d.h0, c = lstm ? MatrixXd(d.c0) : MatrixXd(), gates, hidden_n, hh(w.weight_hh.rows(), 1);
  double loss = 0.0;
  for (Index k = 0; k < T; ++k) {
    hh.noalias() = w.weight_hh * h;
    hh.col(0) += w.bias_hh;
    cell_step(d.cell, H, ih_all.col(d.position(k, T)), hh, h, c, &gates, &hidden_n);
    trace.h.col(k + 1) = h;
    if (lstm) trace.c.col(k + 1) = c;
    if (lstm || gru) trace.gates.col(k) = gates;
    if (gru) trace.hidden_n.col(k) = hidden_n;
    if (const auto* weights = tap(d, k, T)) loss += weights->dot(h.col(0));
  }
  return loss;
}

std::vector<double> perturbed_losses(const Direction& d, const Eigen::MatrixXd& inputs,
                                     const std::vector<Perturbation>& perturbations) {
  const CellWeights& w = *d.weights;
  const Index H = w.weight_hh.cols(), T = inputs.cols(), GH = w.weight_ih.rows();
  std::vector<Index> first;  // each perturbation's first column
  Index K = 0;
  for (const Perturbation& p : perturbations) {
    first.push_back(K);
    K += static_cast<Index>(p.scales.size());
  }
  MatrixXd h = d.h0.replicate(1, K), c, hh(GH, K), ih(GH, K);
  if (d.cell == CellKind::kLstm) c = d.c0.replicate(1, K);
  std::vector<double> losses(static_cast<std::size_t>(K), 0.0);
  // The input side in chunks of positions: W x, and per perturbation D x + W d and D d.
  constexpr Index kChunk = 64;
  MatrixXd base, linear, quadratic;
  std::vector<MatrixXd> lin(perturbations.size()), quad(perturbations.size());
  Index chunk_begin = -1;
  for (Index k = 0; k < T; ++k) {
    const Index p = d.position(k, T);
    const Index begin = p / kChunk * kChunk;
    if (begin != chunk_begin) {
      chunk_begin = begin;
      const Index n = std::min(kChunk, T - begin);
      const auto x = inputs.middleCols(begin, n);
      base.noalias() = w.weight_ih * x;
      for (std::size_t g = 0; g < perturbations.size(); ++g) {
        const auto dx = perturbations[g].dx->middleCols(begin, n);
        const RankOneWeights& dw = *perturbations[g].dw;
        lin[g].noalias() = dw.u_ih * (dw.v_ih.transpose() * x);
        lin[g].noalias() += w.weight_ih * dx;
        quad[g].noalias() = dw.u_ih * (dw.v_ih.transpose() * dx);
      }
    }
    const Index j = p - chunk_begin;
    hh.noalias() = w.weight_hh * h;
    for (std::size_t g = 0; g < perturbations.size(); ++g) {
      const Perturbation& pert = perturbations[g];
      const Index n = static_cast<Index>(pert.scales.size());
      const Eigen::Map<const Eigen::RowVectorXd> s(pert.scales.data(), n);
      const Eigen::RowVectorXd along =
          (pert.dw->v_hh.transpose() * h.middleCols(first[g], n)).cwiseProduct(s);
      hh.middleCols(first[g], n).noalias() += pert.dw->u_hh * along;
      for (Index col = 0; col < n; ++col) {
        const double sc = s[col];
        hh.col(first[g] + col) += w.bias_hh + sc * pert.dw->bias_hh;
        ih.col(first[g] + col) = base.col(j) + w.bias_ih +
                                 sc * (lin[g].col(j) + pert.dw->bias_ih) +
                                 (sc * sc) * quad[g].col(j);
      }
    }
    cell_step(d.cell, H, ih, hh, h, c, nullptr, nullptr);
    if (const auto* weights = tap(d, k, T)) {
      const Eigen::RowVectorXd share = weights->transpose() * h;
      for (Index col = 0; col < K; ++col) losses[static_cast<std::size_t>(col)] += share[col];
    }
  }
  return losses;
}

StepGrad backward_step(const Direction& d, const Trace& trace, Index k, const MatrixXd& dh,
                       const MatrixXd& dc) {
  const CellWeights& w = *d.weights;
  const Index H = w.weight_hh.cols();
  StepGrad out;
  switch (d.cell) {
    case CellKind::kRnnTanh: {
      const auto h = trace.h.col(k + 1).array();
      out.d_ih = (dh.array().colwise() * (1.0 - h.square())).matrix();
      break;
    }
    case CellKind::kRnnRelu: {
      // relu'(a) = 1 where h = relu(a) > 0 (PyTorch's relu'(0) = 0).
      const Eigen::ArrayXd on = (trace.h.col(k + 1).array() > 0.0).cast<double>();
      out.d_ih = (dh.array().colwise() * on).matrix();
      break;
    }
    case CellKind::kLstm: {
      const auto g = trace.gates.col(k).array();
      const auto i = g.head(H), f = g.segment(H, H), gg = g.segment(2 * H, H), o = g.tail(H);
      const Eigen::ArrayXd tc = trace.c.col(k + 1).array().tanh();
      const auto c_prev = trace.c.col(k).array();
      out.dc_total = (dc.array() + dh.array().colwise() * (o * (1.0 - tc.square()))).matrix();
      out.d_ih.resize(4 * H, dh.cols());
      out.d_ih.topRows(H) = (out.dc_total.array().colwise() * (gg * i * (1.0 - i))).matrix();
      out.d_ih.middleRows(H, H) =
          (out.dc_total.array().colwise() * (c_prev * f * (1.0 - f))).matrix();
      out.d_ih.middleRows(2 * H, H) =
          (out.dc_total.array().colwise() * (i * (1.0 - gg.square()))).matrix();
      out.d_ih.bottomRows(H) = (dh.array().colwise() * (tc * o * (1.0 - o))).matrix();
      out.dc_prev = (out.dc_total.array().colwise() * f).matrix();
      break;
    }
    case CellKind::kGru: {
      const auto g = trace.gates.col(k).array();
      const auto r = g.head(H), z = g.segment(H, H), n = g.tail(H);
      const auto h_prev = trace.h.col(k).array();
      const auto hn = trace.hidden_n.col(k).array();
      const Eigen::ArrayXXd dan = dh.array().colwise() * ((1.0 - z) * (1.0 - n.square()));
      out.d_ih.resize(3 * H, dh.cols());
      out.d_ih.topRows(H) = (dan.colwise() * (hn * r * (1.0 - r))).matrix();
      out.d_ih.middleRows(H, H) = (dh.array().colwise() * ((h_prev - n) * z * (1.0 - z))).matrix();
      out.d_ih.bottomRows(H) = dan.matrix();
      out.d_hh = out.d_ih;
      out.d_hh.bottomRows(H) = (dan.colwise() * r).matrix();
      out.dh_prev.noalias() = w.weight_hh.transpose() * out.d_hh;
      out.dh_prev += (dh.array().colwise() * z).matrix();
      return out;
    }
  }
  out.dh_prev.noalias() = w.weight_hh.transpose() * out.d_ih;
  return out;
}

}  // namespace hw4::core::rnn_detail
