package dev.berth.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.config.ConfigException;
import dev.berth.registry.lifecycle.LifecycleRule.CountType;
import dev.berth.registry.lifecycle.LifecycleRule.TagStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecyclePolicyTest {
    @Test
    void readsAnEcrPolicyAndOrdersItsRulesByPriority() {
        LifecyclePolicy policy = LifecyclePolicy.parse("""
                {"rules": [
                  {"rulePriority": 20, "description": "old", "selection": {"tagStatus": "any",
                    "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 90},
                    "action": {"type": "expire"}},
                  {"rulePriority": 10, "selection": {"tagStatus": "tagged", "tagPatternList": ["v*"],
                    "countType": "imageCountMoreThan", "countNumber": 5}, "action": {"type": "expire"}}
                ]}""", "test");
        assertThat(policy.rules()).extracting(LifecycleRule::priority).containsExactly(10, 20);
        assertThat(policy.rules().get(0))
                .isEqualTo(new LifecycleRule(
                        10,
                        "",
                        TagStatus.TAGGED,
                        java.util.List.of(),
                        java.util.List.of("v*"),
                        CountType.IMAGE_COUNT_MORE_THAN,
                        5));
        assertThat(policy.rules().get(1).description()).isEqualTo("old");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json|not JSON",
                "{}|non-empty list",
                "{'rules':[],'x':1}|unknown field \"x\"",
                "{'rules':[{'rulePriority':0,'selection':{'tagStatus':'any','countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}}]}|rulePriority: must be a whole number of at least 1",
                "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'any','countType':'imageCountMoreThan','countNumber':1},'action':{'type':'transition'}}]}|supports only \"expire\"",
                "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'some','countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}}]}|expected tagged, untagged or any",
                "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'tagged','countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}}]}|needs a tagPrefixList or a tagPatternList",
                "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'untagged','tagPrefixList':['v'],'countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}}]}|takes no tagPrefixList",
                "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'tagged','tagPatternList':['*a*b*c*d*'],'countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}}]}|more than 4 wildcards",
                "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'any','countType':'imageCountMoreThan','countUnit':'days','countNumber':1},'action':{'type':'expire'}}]}|takes no countUnit",
                "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'any','countType':'sinceImagePushed','countNumber':1},'action':{'type':'expire'}}]}|needs \"days\"",
                "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'any','countType':'sinceImagePulled','countUnit':'days','countNumber':1},'action':{'type':'expire'}}]}|expected imageCountMoreThan or sinceImagePushed",
                "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'any','countType':'imageCountMoreThan','countNumber':1.5},'action':{'type':'expire'}}]}|countNumber: must be a whole number",
                "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'any','countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}},{'rulePriority':2,'selection':{'tagStatus':'untagged','countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}}]}|tagStatus any (rulePriority 1) must have the highest",
                "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'untagged','countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}},{'rulePriority':1,'selection':{'tagStatus':'tagged','tagPrefixList':['v'],'countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}}]}|rulePriority 1 is used twice",
                "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'untagged','countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}},{'rulePriority':2,'selection':{'tagStatus':'untagged','countType':'imageCountMoreThan','countNumber':2},'action':{'type':'expire'}}]}|only one rule may select untagged",
                "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'any','storageClass':'archive','countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}}]}|only the \"standard\" storage class",
            })
    void refusesWhatEcrRefusesAndWhatBerthCannotDo(String json, String message) {
        assertThatThrownBy(() -> LifecyclePolicy.parse(json.replace('\'', '"'), "policy.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("policy.json: ")
                .hasMessageContaining(message);
    }
}
