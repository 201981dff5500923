# Time-dependent Allen-Cahn (inputs/bench_allen_cahn.yaml): a reduced path run on 1 and 2
# ranks (10 x 10 network even and periodic in x, 40 x 10 points, the horizon from 0 to 1 in
# the deck's 20 steps, a reference on 512 and 1024 points) whose error must stay below a
# bound measured on it (L2RE 4.80e-2, loss 9.0e-6 on 1 and 2 ranks; without corrector and
# polish, -hom_corrector_its 0 -hom_final_its 0, L2RE is 0.40), and the two runs' figures
# must agree. The problem's derivatives and the reference are in test_allen_cahn_time
# (tests/reference.cmake).
petnet_add_path_deck_test(pinn_allen_cahn_time DECK bench_allen_cahn.yaml CHECKS "l2re<=6e-2" "loss<=2e-5"
                          ARGS -nn_hidden 10,10 -sample_n_res 400 -sample_nx 40 -sample_n_bc 80 -eval_n 64
                               -eval_ny 26 -pde_ref_n 512 -pde_ref_dt 0.005 -hom_phase1_gn_max_it 60
                               -hom_final_its 20)
