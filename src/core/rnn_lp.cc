// The RNN's linear programs: the output layer's rows, and the maximum margin by GLPK's simplex.
#include "core/rnn_lp.h"

#include <glpk.h>

#include <cassert>
#include <cmath>
#include <memory>
#include <utility>

#include "hw4/core/rnn.h"

namespace hw4::core::rnn_lp {

std::vector<Row> output_rows(const std::vector<std::uint8_t>& masks, double y0,
                             const OutputLayout& layout) {
  auto row = [&](int k, bool must_fire) {
    Row r{std::vector<double>(layout.variables, 0.0), 0.0, must_fire};
    for (std::size_t i = 0; i < masks.size(); ++i)
      r.coef[layout.v[i]] = rnn_mask_bit(masks[i], k) ? 1.0 : 0.0;
    return r;
  };
  std::vector<Row> rows;
  for (int k = 0; k < 4; ++k) {
    Row r = row(k, rnn_input_equal(k));
    r.coef[layout.c0] = 1;
    rows.push_back(std::move(r));
  }
  std::vector<std::pair<double, bool>> states;
  if (y0 != 1.0) states.emplace_back(y0, true);
  states.emplace_back(1.0, true);
  states.emplace_back(0.0, false);
  for (const auto& [y, equal] : states) {
    for (int k = 0; k < 4; ++k) {
      Row r = row(k, equal && rnn_input_equal(k));
      r.coef[layout.r] = y;
      r.coef[layout.c] = 1;
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

std::optional<Solution> max_margin(const std::vector<Row>& rows, const std::vector<double>& lo,
                                   const std::vector<double>& hi, double delta_cap) {
  const int n = static_cast<int>(lo.size());
  const int m = static_cast<int>(rows.size());
  assert(hi.size() == lo.size());
  glp_term_out(GLP_OFF);
  std::unique_ptr<glp_prob, void (*)(glp_prob*)> lp(glp_create_prob(), glp_delete_prob);
  glp_set_obj_dir(lp.get(), GLP_MAX);
  // Columns 1..n are the parameters, column n + 1 is δ.
  glp_add_cols(lp.get(), n + 1);
  for (int j = 0; j < n; ++j) {
    const auto idx = static_cast<std::size_t>(j);
    glp_set_col_bnds(lp.get(), j + 1, lo[idx] == hi[idx] ? GLP_FX : GLP_DB, lo[idx], hi[idx]);
  }
  // δ is free below so that the program is always feasible in δ; only the bounds on p can make
  // it infeasible.
  if (std::isinf(delta_cap)) {
    glp_set_col_bnds(lp.get(), n + 1, GLP_FR, 0.0, 0.0);
  } else {
    glp_set_col_bnds(lp.get(), n + 1, GLP_UP, 0.0, delta_cap);
  }
  glp_set_obj_coef(lp.get(), n + 1, 1.0);
  std::vector<int> ia{0};
  std::vector<int> ja{0};
  std::vector<double> ar{0.0};
  if (m > 0) glp_add_rows(lp.get(), m);
  for (int i = 0; i < m; ++i) {
    const Row& row = rows[static_cast<std::size_t>(i)];
    assert(static_cast<int>(row.coef.size()) == n);
    for (int j = 0; j < n; ++j) {
      const double a = row.coef[static_cast<std::size_t>(j)];
      if (a == 0) continue;
      ia.push_back(i + 1);
      ja.push_back(j + 1);
      ar.push_back(a);
    }
    // must_fire: coef·p − δ >= −constant; otherwise coef·p + δ <= −constant.
    ia.push_back(i + 1);
    ja.push_back(n + 1);
    ar.push_back(row.must_fire ? -1.0 : 1.0);
    glp_set_row_bnds(lp.get(), i + 1, row.must_fire ? GLP_LO : GLP_UP, -row.constant,
                     -row.constant);
  }
  glp_load_matrix(lp.get(), static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_ON;
  if (glp_simplex(lp.get(), &parm) != 0 || glp_get_status(lp.get()) != GLP_OPT) {
    return std::nullopt;
  }
  Solution s;
  s.p.resize(static_cast<std::size_t>(n));
  for (int j = 0; j < n; ++j) s.p[static_cast<std::size_t>(j)] = glp_get_col_prim(lp.get(), j + 1);
  s.delta = glp_get_col_prim(lp.get(), n + 1);
  return s;
}

}  // namespace hw4::core::rnn_lp
