"""How the route-walking test (tests/tenancy/test_route_isolation.py) builds customer records.

URL parameter -> builds a row of the given organization and returns its id; for API routes,
the viewset's model -> the same.
"""

from customers import models

from . import factories as f

OBJECT_BUILDERS = {
    "product_pk": lambda org: f.make_product(org).pk,
    "segment_pk": lambda org: f.make_segment(org).pk,
    "channel_pk": lambda org: f.make_channel(org).pk,
    "voc_pk": lambda org: f.make_voc(org).pk,
    "survey_pk": lambda org: f.make_survey(org).pk,
    "survey_result_pk": lambda org: f.make_survey_result(org).pk,
    "journey_pk": lambda org: f.make_journey(org).pk,
    "journey_stage_pk": lambda org: f.make_stage(org).pk,
    "meeting_pk": lambda org: f.make_meeting(org).pk,
    "strategy_pk": lambda org: f.make_strategy(org).pk,
    "objective_pk": lambda org: f.make_objective(org).pk,
    "action_item_pk": lambda org: f.make_action_item(org).pk,
    "cascade_pk": lambda org: f.make_cascade(org).pk,
    "communication_pk": lambda org: f.make_communication(org).pk,
    "commitment_pk": lambda org: f.make_commitment(org).pk,
    "standard_pk": lambda org: f.make_standard(org).pk,
    "blueprint_step_pk": lambda org: f.make_blueprint_step(org).pk,
    "guideline_pk": lambda org: f.make_guideline(org).pk,
    "recovery_pk": lambda org: f.make_recovery(org).pk,
}

MODEL_BUILDERS = {
    models.ProductService: OBJECT_BUILDERS["product_pk"],
    models.CustomerSegment: OBJECT_BUILDERS["segment_pk"],
    models.ListeningChannel: OBJECT_BUILDERS["channel_pk"],
    models.VoiceOfCustomer: OBJECT_BUILDERS["voc_pk"],
    models.Survey: OBJECT_BUILDERS["survey_pk"],
    models.SurveyResult: OBJECT_BUILDERS["survey_result_pk"],
    models.JourneyMap: OBJECT_BUILDERS["journey_pk"],
    models.JourneyStage: OBJECT_BUILDERS["journey_stage_pk"],
    models.ReviewMeeting: OBJECT_BUILDERS["meeting_pk"],
    models.CustomerStrategy: OBJECT_BUILDERS["strategy_pk"],
    models.StrategicObjective: OBJECT_BUILDERS["objective_pk"],
    models.ActionPlanItem: OBJECT_BUILDERS["action_item_pk"],
    models.KpiCascade: OBJECT_BUILDERS["cascade_pk"],
    models.PlanCommunication: OBJECT_BUILDERS["communication_pk"],
    models.CharterIntro: lambda org: f.make_intro(org).pk,
    models.CharterCommitment: OBJECT_BUILDERS["commitment_pk"],
    models.ServiceStandard: OBJECT_BUILDERS["standard_pk"],
    models.BlueprintStep: OBJECT_BUILDERS["blueprint_step_pk"],
    models.ServiceGuideline: OBJECT_BUILDERS["guideline_pk"],
    models.RecoveryScenario: OBJECT_BUILDERS["recovery_pk"],
}
