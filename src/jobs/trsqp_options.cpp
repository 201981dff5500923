#include "jobs/trsqp_options.hpp"

#include "core/option_values.hpp"
#include "solvers/trsqp/trsqp.hpp"

namespace petnet {

const Choices kTrsqpMethods = {"trsqp", "penalty", "alm", "pinn"};
const Choices kTrsqpMisfits = {"sum", "mean", "auto"};

PetscErrorCode ReadTrsqpJobOptions(MPI_Comm comm, const std::string &problem, TrsqpJobOptions *o) {
  char hidden[256], ph[32];
  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(hidden, o->hidden.c_str(), sizeof hidden));
  PetscCall(PetscStrncpy(ph, o->polish_hessian.c_str(), sizeof ph));
  o->m_train = problem == "transport" ? 12 : 7;
  PetscOptionsBegin(comm, nullptr, "Hard-constrained PINN job (trSQP-PINN and baselines)",
                    "TrsqpJob");
  PetscCall(OptionsChoice(PetscOptionsObject, comm, "-method", "Method", "TrsqpJob", kTrsqpMethods,
                          &o->method));
  PetscCall(OptionsInt64(PetscOptionsObject, comm, "-seed",
                         "Seed of every random choice (init, points, noise)", "TrsqpJob", 0,
                         kMaxSeed, &o->seed));
  PetscCall(PetscOptionsString("-nn_hidden", "Hidden layer widths", "TrsqpJob", hidden, hidden,
                               sizeof hidden, nullptr));
  PetscCall(PetscOptionsInt("-data_n", "Labelled points N", "TrsqpJob", o->n_labels, &o->n_labels,
                            nullptr));
  PetscCall(PetscOptionsReal("-data_noise", "Label noise: uniform in [-level, level]", "TrsqpJob",
                             o->noise, &o->noise, nullptr));
  PetscCall(
      OptionsChoice(PetscOptionsObject, comm, "-data_misfit",
                    "Label misfit summed or averaged (auto: sum for trsqp, mean for the baselines)",
                    "TrsqpJob", kTrsqpMisfits, &o->misfit));
  PetscCall(PetscOptionsInt("-cons_m", "Training constraint points M (PDE, initial, periodic rows)",
                            "TrsqpJob", o->m_train, &o->m_train, nullptr));
  PetscCall(PetscOptionsBool("-pre_enable", "Step 0: pretrain by L-BFGS on ||c||^2", "TrsqpJob",
                             o->pretrain, &o->pretrain, nullptr));
  PetscCall(PetscOptionsInt("-pre_m", "Pretraining constraint points M_pretrain", "TrsqpJob",
                            o->m_pretrain, &o->m_pretrain, nullptr));
  PetscCall(PetscOptionsInt("-pre_max_it", "Pretraining L-BFGS iterations", "TrsqpJob",
                            o->pre_max_it, &o->pre_max_it, nullptr));
  PetscCall(PetscOptionsReal("-pre_gatol", "Pretraining stop at ||grad||_2 <= gatol", "TrsqpJob",
                             o->pre_gatol, &o->pre_gatol, nullptr));
  PetscCall(PetscOptionsInt("-eval_nx", "Evaluation grid points in x", "TrsqpJob", o->eval_nx,
                            &o->eval_nx, nullptr));
  PetscCall(PetscOptionsInt("-eval_nt", "Evaluation grid points in t", "TrsqpJob", o->eval_nt,
                            &o->eval_nt, nullptr));
  PetscCall(PetscOptionsInt(
      "-trsqp_polish_it",
      "After the trSQP solve, this many more trSQP iterations with the polish Hessian (0: none)",
      "TrsqpJob", o->polish_it, &o->polish_it, nullptr));
  PetscCall(PetscOptionsString("-trsqp_polish_hessian",
                               "Hessian of the polish phase (sr1, bfgs, identity, gn)", "TrsqpJob",
                               ph, ph, sizeof ph, nullptr));
  if (problem == "reaction_diffusion")
    PetscCall(PetscOptionsInt("-ref_substeps", "Reference: splitting steps between grid times",
                              "TrsqpJob", o->ref_substeps, &o->ref_substeps, nullptr));
  PetscOptionsEnd();
  o->hidden = hidden, o->polish_hessian = ph;
  PetscCheck(o->n_labels >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-data_n (labelled points N) must be >= 1, got %" PetscInt_FMT, o->n_labels);
  PetscCheck(o->noise >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-data_noise must be >= 0, got %g",
             o->noise);
  PetscCheck(o->m_train >= 3, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-cons_m (constraint points M) must be >= 3 (PDE, initial and periodic rows), got "
             "%" PetscInt_FMT,
             o->m_train);
  PetscCheck(o->m_pretrain >= 3, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pre_m must be >= 3, got %" PetscInt_FMT, o->m_pretrain);
  PetscCheck(o->eval_nx >= 4 && o->eval_nx % 2 == 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-eval_nx must be even and >= 4, got %" PetscInt_FMT, o->eval_nx);
  PetscCheck(o->eval_nt >= 2, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-eval_nt must be >= 2, got %" PetscInt_FMT, o->eval_nt);
  PetscCheck(static_cast<long long>(o->eval_nx) * o->eval_nt <= PETSC_MAX_INT, comm,
             PETSC_ERR_ARG_OUTOFRANGE,
             "-eval_nx %" PetscInt_FMT " x -eval_nt %" PetscInt_FMT
             " grid points exceed %d (32-bit indices)",
             o->eval_nx, o->eval_nt, static_cast<int>(PETSC_MAX_INT));
  PetscCheck(o->polish_it >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-trsqp_polish_it must be >= 0, got %" PetscInt_FMT, o->polish_it);
  if (o->polish_it > 0) {
    HessianUpdate u;
    PetscCall(ParseHessianUpdate(comm, o->polish_hessian, &u));
  }
  PetscCheck(o->ref_substeps >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-ref_substeps must be >= 1, got %" PetscInt_FMT, o->ref_substeps);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
