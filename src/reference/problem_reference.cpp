#include "reference/problem_reference.hpp"

#include "pde/allen_cahn.hpp"
#include "reference/allen_cahn_2d_reference.hpp"
#include "reference/allen_cahn_time_reference.hpp"
#include "reference/burgers_cole_hopf.hpp"

namespace petnet {

namespace {
/// The problem's own closed-form solution (pde/).
class ClosedFormReference : public ProblemReference {
public:
  explicit ClosedFormReference(const Problem &problem) : problem_(problem) {}
  bool   Has(double lambda) const override { return problem_.HasExact(lambda); }
  double At(const double *x, double lambda) const override { return problem_.Exact(x, lambda); }

private:
  const Problem &problem_;
};
} // namespace

PetscErrorCode CreateProblemReference(MPI_Comm comm, const Problem &problem,
                                      std::unique_ptr<ProblemReference> *ref) {
  PetscFunctionBeginUser;
  if (const auto *ac = dynamic_cast<const AllenCahn2D *>(&problem)) {
    auto fd = std::make_unique<AllenCahn2DReference>();
    PetscCall(fd->SetFromOptions(comm, ac->EpsMin()));
    *ref = std::move(fd);
  } else if (const auto *bs = dynamic_cast<const BurgersShock *>(&problem)) {
    auto ch = std::make_unique<ColeHopfReference>();
    PetscCall(ch->SetFromOptions(comm, bs->Target()));
    *ref = std::move(ch);
  } else if (const auto *act = dynamic_cast<const AllenCahnTime *>(&problem)) {
    auto sp = std::make_unique<AllenCahnTimeReference>();
    PetscCall(sp->SetFromOptions(comm, *act));
    *ref = std::move(sp);
  } else ref->reset(new ClosedFormReference(problem));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
